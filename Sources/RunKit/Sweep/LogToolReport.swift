/// What `LogMerge.merge` or `LogResplit.resplit` did.
///
/// ```swift
/// let report = try LogMerge.merge(["a/log.tsv", "b"], into: "all.tsv")
/// report.rowsRead - report.rowsWritten   // rows dropped as repeats of a config
/// ```
public struct LogToolReport: Sendable, Hashable {
    /// The logs read, in order.
    public var inputs: [String]
    /// Rows read from them, and rows written (one per config).
    public var rowsRead: Int
    public var rowsWritten: Int
    /// Files written (each atomically), and files removed after every output was in place.
    public var written: [String]
    public var removed: [String]
}
