import Foundation

/// Collects load warnings from parallel workers.
final class WarningCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var warnings: [LoadWarning] = []

    func add(_ warning: LoadWarning) {
        lock.lock()
        warnings.append(warning)
        lock.unlock()
    }

    /// The warnings, sorted by file so the output is the same from run to run.
    var all: [LoadWarning] {
        lock.lock()
        defer { lock.unlock() }
        return warnings.sorted { $0.path < $1.path }
    }
}

/// Hands a buffer whose slots are written by distinct parallel iterations to `concurrentPerform`.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
