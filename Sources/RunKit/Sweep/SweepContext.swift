@_spi(RunKitInternals) import RunKitSupport
import Foundation
import OrderedCollections

/// What a config's closure sees in `Sweep.run(_:)`.
public final class SweepContext: Sendable {
    /// The config.
    public let point: GridPoint
    /// Its folder (`runs/<id>`), for checkpoints and artifacts.
    public let runDirectory: String
    /// The metrics recorded by earlier attempts of this config (a killed or failed run), as the
    /// log would hold them: stepped metrics as lists.
    public let previousMetrics: OrderedDictionary<String, ConfigValue>
    let metricsPath: String
    /// Held while a line is appended, so lines recorded from several threads never interleave.
    private let appending = Locked(())
    private let cancelled = Locked(false)

    init(point: GridPoint, runDirectory: String, metricsPath: String, previousMetrics: OrderedDictionary<String, ConfigValue>) {
        self.point = point
        self.runDirectory = runDirectory
        self.metricsPath = metricsPath
        self.previousMetrics = previousMetrics
    }

    /// True once the sweep was asked to stop (its task cancelled, e.g. by SIGINT/SIGTERM through
    /// `StopSignals`): return or throw soon. Safe to read from any thread.
    public var isCancelled: Bool { cancelled.withLock { $0 } }

    /// Marks the sweep as stopping (its task was cancelled).
    func cancel() {
        cancelled.withLock { $0 = true }
    }

    /// Appends metrics (one JSON line, with `step` when given) to the config's metrics file; the
    /// runner copies them into the log's row while the config runs.
    public func record(_ metrics: [String: ConfigValue], step: Int? = nil) throws {
        var entries: [(String, ConfigValue)] = metrics.sorted { $0.key < $1.key }
        if let step { entries.insert(("step", .int(step)), at: 0) }
        let line = JSONWriter.string(.map(.init(uniqueKeysWithValues: entries))) + "\n"
        try appending.withLock { _ in try append(line) }
    }

    private func append(_ line: String) throws {
        guard let handle = FileHandle(forWritingAtPath: metricsPath) ?? {
            _ = FileManager.default.createFile(atPath: metricsPath, contents: nil)   // the open below says if it failed
            return FileHandle(forWritingAtPath: metricsPath)
        }() else { throw RunKitError(.unreadableFile, "Cannot write \(metricsPath).", path: metricsPath) }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
