import Foundation
import OrderedCollections

/// A config this runner claimed: its grid point and id, its folder and metrics file, and the
/// time it ran in earlier attempts (the log's `duration` adds up across resumes).
///
/// ```swift
/// if let job = try await ledger.claimNext() { print(job.label) }   // "optimizer=sgd lr=0.1 seed=1"
/// ```
struct SweepJob: Sendable {
    var point: GridPoint
    var id: String
    /// Microseconds of earlier attempts.
    var previousDuration: Int64
    /// Microseconds since the epoch, when this attempt was claimed.
    var started: Int64
    var runDirectory: String
    var metricsPath: String

    /// The grid values as people read them (`optimizer=sgd lr=0.1 seed=1`), else the run id.
    var label: String {
        let values = point.values.map { "\($0.key)=\(RowsRenderer.displayText($0.value))" }
        return values.isEmpty ? id : values.joined(separator: " ")
    }

    /// How one attempt ended: succeeded, or failed with a reason (`exit status 1`, `interrupted`).
    struct Outcome: Sendable {
        var succeeded: Bool
        var note: String?
    }

    /// Appends one of RunKit's own lines to the config's `output.log` (where the command writes).
    func appendNote(_ note: String) {
        let path = runDirectory + "/output.log"
        if let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil) {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data((note + "\n").utf8))
            try? handle.close()
        }
    }

    /// The metrics the config reported so far (`RUNKIT_METRICS`), as the log holds them.
    func reportedMetrics() -> OrderedDictionary<String, ConfigValue> {
        let text = (try? PosixFileSystem.bytes(metricsPath)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return SweepMetrics.parse(text).values
    }
}
