import Foundation

/// A config a sweep ran that failed, and why: what ended it and the last lines its command wrote.
///
/// ```swift
/// let summary = try await Sweep(grid: grid, options: options).run(command: ["python", "train.py"])
/// for failure in summary.failures {
///     print(failure.config, failure.reason, failure.outputLog)   // a=2 seed=1, exit status 1, exp/runs/…/output.log
///     failure.lastLines.forEach { print("    " + $0) }            // ValueError: loss is NaN
/// }
/// ```
public struct SweepFailure: Sendable, Hashable {
    /// The config's run id (its folder under `runs/`).
    public var id: String
    /// The config's grid values as `key=value` (`optimizer=sgd lr=0.1 seed=1`).
    public var config: String
    /// What ended it: `exit status 1`, `signal 9`, `timed out after 60.0 s`, `interrupted`, or the
    /// error that kept the command from starting.
    public var reason: String
    /// The config's `output.log` (the command's stdout and stderr).
    public var outputLog: String
    /// The last lines the command wrote there (RunKit's own `runkit:` notes left out), at most
    /// `lineLimit`, each cut at 300 characters.
    public var lastLines: [String]

    public init(id: String, config: String, reason: String, outputLog: String, lastLines: [String]) {
        self.id = id
        self.config = config
        self.reason = reason
        self.outputLog = outputLog
        self.lastLines = lastLines
    }

    /// How many of the log's last lines a failure keeps.
    public static let lineLimit = 5

    /// The last non-empty lines of the file at `path` that are not RunKit's notes, from its last
    /// 16 KiB at most (a command can write gigabytes).
    static func lastLines(of path: String, limit: Int = lineLimit) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 16_384 ? size - 16_384 : 0
        try? handle.seek(toOffset: start)
        var lines = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map(String.init)
        if start > 0, !lines.isEmpty { lines.removeFirst() }   // cut in the middle
        let own = lines.filter { !$0.hasPrefix("runkit: ") && !$0.allSatisfy(\.isWhitespace) }
        return own.suffix(limit).map { $0.count > 300 ? String($0.prefix(299)) + "…" : $0 }
    }
}
