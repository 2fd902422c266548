import Foundation

/// State shared between threads and reached only while holding its lock: RunKit's one lock,
/// shaped like the standard library's `Mutex` (which needs macOS 15). The caches and tables
/// that several threads fill (`LockedCache`, `LockedDictionary`, …) are built on it.
///
/// ```swift
/// let counter = Locked(0)
/// DispatchQueue.concurrentPerform(iterations: 100) { _ in counter.withLock { $0 += 1 } }
/// counter.withLock { $0 }   // 100
/// ```
//
// SPI-public and inlinable, not `package`: Swift 6.3 does not specialize a `package` generic in
// another module, and an unspecialized `Locked<State>` asks the runtime for its type metadata at
// every `init` (a hash lookup; two per loaded run, in `Run`'s caches). See docs/architecture.md.
// Unchecked: `state` is read and written only inside `withLock`, while `lock` is held.
@_spi(RunKitInternals) public final class Locked<State>: @unchecked Sendable {
    @usableFromInline let lock = NSLock()
    @usableFromInline var state: State

    @inlinable
    public init(_ state: State) {
        self.state = state
    }

    /// Runs `body` with the state while holding the lock; `body` must not let the state escape.
    @inlinable
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
