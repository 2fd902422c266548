import Dispatch

/// A value computed on another thread while the caller does other work, then waited for:
/// the SQLite store reads params, tags and metrics this way while it reads config files.
/// The value is computed once; if the caller asks before the other thread has started, the
/// caller computes it itself.
///
/// ```swift
/// let tables = BackgroundValue { try readTables() }
/// let configs = readConfigs()        // meanwhile
/// let values = try tables.value()    // waits for readTables(), or rethrows its error
/// ```
///
/// Not a `Task`: its caller, the store's load, is synchronous (as every reader's load is), and
/// synchronous code cannot await a task without blocking a thread of the pool the task needs.
/// The value is kept in a `LockedCache`, so no GCD primitive is more than the thread source.
package final class BackgroundValue<Value: Sendable>: Sendable {
    private let result = LockedCache<Result<Value, any Error>>()
    private let compute: @Sendable () throws -> Value

    package init(_ compute: @escaping @Sendable () throws -> Value) {
        self.compute = compute
        DispatchQueue.global().async { [self] in _ = result.get { Result(catching: compute) } }
    }

    /// The value, once computed; the computation's error, if it threw.
    package func value() throws -> Value {
        try result.get { Result(catching: compute) }.get()
    }
}
