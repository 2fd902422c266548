import Foundation
@_spi(RunKitInternals) import RunKitSupport

/// What one load of a tracking server fetched, and the progress line of a long fetch
/// (docs/remote.md, "Progress and timings"): on stderr only, never stdout, and only when stderr
/// is a terminal and the fetch has taken a second (`RUNKIT_PROGRESS=always` shows it from the
/// start on any stderr, one line per update; `never` hides it). On a terminal the line is
/// rewritten in place and erased when the fetch ends. `summary` is the line
/// `RUNKIT_QUERY_TIMINGS` prints.
///
/// ```swift
/// let progress = RemoteFetchProgress(server: "http://127.0.0.1:5000", experiments: 3)
/// progress.fetched(runs: 1000, requests: 1)
/// progress.finish()
/// ```
// Unchecked: `timer` is set once in `init` and then only cancelled, which Dispatch makes safe
// from any thread; the counts are behind `Locked`.
final class RemoteFetchProgress: @unchecked Sendable {
    /// The counts of one load.
    struct Counts {
        var experimentsDone = 0
        var requests = 0
        var runsFetched = 0
        var runsFromCache = 0
        var runsDropped = 0
        var configsRead = 0
        /// Runs made whole (config read) after the bound was tested; nil: every run fetched.
        var completed: Int?
        /// Searches split into `start_time` ranges, and the ranges.
        var splitSearches = 0
        var splitRanges = 0
        var tornFiles = 0
        var shown = false
        var finished = false
    }

    let server: String
    let experiments: Int
    let started = DispatchTime.now()
    /// Seconds before the line first shows.
    let delay: Double
    let enabled: Bool
    /// Rewrite the line in place (a terminal), else print a line per update.
    let inPlace: Bool
    private let counts = Locked(Counts())
    private let timer: DispatchSourceTimer?

    init(server: String, experiments: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.server = server
        self.experiments = experiments
        let setting = environment["RUNKIT_PROGRESS"]?.lowercased() ?? "auto"
        let terminal = isatty(STDERR_FILENO) == 1
        enabled = setting == "always" || (setting != "never" && terminal)
        inPlace = terminal
        delay = setting == "always" ? 0 : 1
        guard enabled else { timer = nil; return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        self.timer = timer
        timer.schedule(deadline: .now() + delay, repeating: inPlace ? 0.25 : 1)
        timer.setEventHandler { [weak self] in self?.show() }
        timer.resume()
    }

    deinit { timer?.cancel() }

    /// `runs` runs received in `requests` requests.
    func fetched(runs: Int, requests: Int) {
        counts.withLock { $0.runsFetched += runs; $0.requests += requests }
    }

    /// `runs` runs answered from the cache, `dropped` cached runs found gone, `torn` cache files not trusted.
    func reused(runs: Int, dropped: Int = 0, torn: Int = 0) {
        counts.withLock { $0.runsFromCache += runs; $0.runsDropped += dropped; $0.tornFiles += torn }
    }

    /// `runs` of the runs fetched or kept are made whole (their configs read): those the
    /// question's bound may hold for.
    func completing(runs: Int) { counts.withLock { $0.completed = runs } }

    /// One search split into `ranges` ranges of `start_time`.
    func split(ranges: Int) { counts.withLock { $0.splitSearches += 1; $0.splitRanges += ranges } }

    /// One experiment done.
    func experimentDone() { counts.withLock { $0.experimentsDone += 1 } }

    /// One config file read through the server.
    func configRead() { counts.withLock { $0.configsRead += 1; $0.requests += 1 } }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    /// The counts so far, as the progress line says them.
    var line: String {
        let counts = counts.withLock { $0 }
        var parts = ["\(counts.experimentsDone)/\(experiments) experiments", "\(counts.runsFetched) runs fetched"]
        if counts.runsFromCache > 0 { parts.append("\(counts.runsFromCache) from the cache") }
        if counts.configsRead > 0 { parts.append("\(counts.configsRead) configs read") }
        return "reading \(server): " + parts.joined(separator: ", ") + String(format: " (%.1f s)", elapsed)
    }

    /// The line `RUNKIT_QUERY_TIMINGS` prints once the load is done.
    var summary: String {
        let counts = counts.withLock { $0 }
        var text = "timing: remote: \(counts.requests) requests, \(counts.runsFetched) runs fetched, \(counts.runsFromCache) from the cache"
        if counts.runsDropped > 0 { text += ", \(counts.runsDropped) dropped" }
        if counts.tornFiles > 0 { text += ", \(counts.tornFiles) torn cache files ignored" }
        if counts.splitSearches > 0 { text += ", \(counts.splitSearches) searches split into \(counts.splitRanges) start_time ranges" }
        if let completed = counts.completed { text += ", \(completed) completed" }
        return text + String(format: " (%.3f s)", elapsed)
    }

    private func show() {
        let text = line
        let write = counts.withLock { counts -> Bool in
            guard !counts.finished else { return false }
            counts.shown = true
            return true
        }
        guard write else { return }
        Self.standardError(inPlace ? "\r\u{1B}[Krunkit: " + text : "runkit: " + text + "\n")
    }

    /// Stops the line; on a terminal, erases it.
    func finish() {
        timer?.cancel()
        let erase = counts.withLock { counts -> Bool in
            counts.finished = true
            return counts.shown && inPlace
        }
        if erase { Self.standardError("\r\u{1B}[K") }
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
