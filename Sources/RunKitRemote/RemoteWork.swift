import Foundation
@_spi(RunKitInternals) import RunKitSupport

/// Runs blocking network work on threads of its own, at most `parallelism` at once:
/// `DispatchQueue.concurrentPerform` runs only as many as there are cores, and requests mostly wait.
///
/// ```swift
/// let pages = try RemoteWork.map(ids.count, parallelism: 16) { index in try fetch(ids[index]) }
/// ```
enum RemoteWork {
    /// `body` of every index in `0..<count`, in index order; the first error thrown is rethrown
    /// once every started call has returned (no new one starts after it).
    static func map<T: Sendable>(_ count: Int, parallelism: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        if count == 0 { return [] }
        if count == 1 || parallelism <= 1 { return try (0..<count).map(body) }
        let state = Locked(RemoteWorkState<T>(results: Array(repeating: nil, count: count)))
        let group = DispatchGroup()
        for _ in 0..<min(parallelism, count) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let index = state.withLock({ state -> Int? in
                    guard state.error == nil, state.next < count else { return nil }
                    state.next += 1
                    return state.next - 1
                }) {
                    do {
                        let result = try body(index)
                        state.withLock { $0.results[index] = result }
                    } catch {
                        state.withLock { if $0.error == nil { $0.error = error } }
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return try state.withLock { state in
            if let error = state.error { throw error }
            return state.results.map { $0! }
        }
    }
}
