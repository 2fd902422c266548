/// How `runkit log merge` and `resplit` treat logs a sweep runner is using and existing outputs.
///
/// ```swift
/// var options = LogToolOptions()
/// options.wait = true     // wait for runners on the logs instead of refusing
/// ```
public struct LogToolOptions: Sendable {
    /// Wait until no runner holds the logs' lock or a live claim on them (default: refuse).
    public var wait = false
    /// A claim whose heartbeat is older than this (seconds) is a dead runner's, not a live one.
    public var staleAfter: Double = 60
    /// `merge`: replace an existing output file (never one of the inputs).
    public var overwrite = false

    public init() {}
}
