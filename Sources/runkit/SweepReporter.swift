import Foundation
import RunKit

/// What `runkit sweep` says on stderr while it runs and when it ends. On a terminal: one live
/// line, redrawn as configs start and end and every few seconds, with a line kept for each
/// failed config. Elsewhere (nohup, a Slurm `.out` file): one plain line per finished config.
/// At the end: the counts, then each failed config's reason, its `output.log` and that log's
/// last lines.
struct SweepReporter: Sendable {
    let live: Bool
    let started = Date()
    /// Failed configs detailed at the end; the rest are counted.
    static let detailedFailures = 10

    init(live: Bool) {
        self.live = live
    }

    /// Reports one event of the sweep (called one at a time by the sweep).
    func report(_ progress: SweepProgress) {
        var text = ""
        switch progress.event {
        case .finished(let config, let status, let seconds, let failure):
            let line = "runkit: \(status) \(config) in \(Self.duration(seconds))"
                + (failure.map { ": \($0.reason) (\($0.outputLog))" } ?? "")
            if !live {
                text = line + " · " + Self.counts(progress.summary) + "\n"
            } else if failure != nil {
                text = "\r\u{1B}[K" + line + "\n"
            }
        case .started, .tick:
            break
        }
        if live { text += "\r\u{1B}[K" + liveLine(progress.summary) }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Ends the live line, then the summary and the failures' details.
    func finish(_ summary: SweepSummary, directory: String) {
        var lines: [String] = []
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        lines.append("runkit: \(summary.completed) of \(summary.total) configs complete, \(summary.failed) failed, \(summary.running) running elsewhere, \(summary.pending) pending; log: \(summary.logPath)")
        for failure in summary.failures.prefix(Self.detailedFailures) {
            if failure.lastLines.isEmpty {
                lines.append("runkit: failed: \(failure.config): \(failure.reason); its output \(failure.outputLog) has no lines of its own.")
            } else {
                lines.append("runkit: failed: \(failure.config): \(failure.reason); the end of \(failure.outputLog):")
                lines += failure.lastLines.map { "    " + $0 }
            }
        }
        if summary.failures.count > Self.detailedFailures {
            lines.append("runkit: and \(summary.failures.count - Self.detailedFailures) more failed configs; each one's output is runs/<id>/output.log in \(directory).")
        }
        if !summary.interrupted, summary.failed == 0, summary.pending == 0, summary.running > 0 {
            lines.append("runkit: this runner is done, but other runners still run \(summary.running) config(s): the sweep is not complete yet (exit status 3); `runkit sweep --status \(directory)` follows it.")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// `3/12 done · 2 running · 1 failed · 6 pending`
    static func counts(_ summary: SweepSummary) -> String {
        "\(summary.completed)/\(summary.total) done · \(summary.running) running · \(summary.failed) failed · \(summary.pending) pending"
    }

    /// The live line: the counts, the time so far and, once a config has ended, an estimate of the time left.
    func liveLine(_ summary: SweepSummary) -> String {
        let elapsed = Date().timeIntervalSince(started)
        var line = "runkit: " + Self.counts(summary) + " · " + Self.clock(elapsed)
        if summary.ran > 0 {
            let remaining = Double(summary.pending + summary.running) * elapsed / Double(summary.ran)
            line += " · ETA " + Self.clock(remaining)
        }
        return line
    }

    /// A config's duration: `2.5 s` under a minute, else `H:MM:SS`.
    static func duration(_ seconds: Double) -> String {
        seconds < 59.95 ? String(format: "%.1f s", seconds) : clock(seconds)
    }

    /// `H:MM:SS`.
    static func clock(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded()))
        return String(format: "%d:%02d:%02d", whole / 3600, (whole / 60) % 60, whole % 60)
    }
}
