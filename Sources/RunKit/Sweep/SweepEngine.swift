import Foundation
import OrderedCollections
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machinery behind `Sweep`: claims configs from the log under its lock, runs them on
/// worker threads, heartbeats its claims, and records each result atomically.
final class SweepEngine: @unchecked Sendable {
    struct Job {
        var point: GridPoint
        var id: String
        var previousDuration: Int64
        var started: Int64
        var runDirectory: String
        var metricsPath: String

        /// The grid values as people read them (`optimizer=sgd lr=0.1 seed=1`), else the run id.
        var label: String {
            let values = point.values.map { "\($0.key)=\(RowsRenderer.displayText($0.value))" }
            return values.isEmpty ? id : values.joined(separator: " ")
        }
    }

    struct Outcome {
        var succeeded: Bool
        var note: String?
    }

    let grid: Grid
    let options: SweepOptions
    let progress: (@Sendable (SweepProgress) -> Void)?
    /// This runner's share of the grid, in order, with their ids.
    let points: [(point: GridPoint, id: String)]
    let logPath: String
    let lockPath: String
    let claimsPath: String
    let commitHash: String
    /// False for `Sweep.status()`: nothing is created or written, the lock is only taken when it exists.
    let writes: Bool

    private let lock = NSLock()
    private var attempted: Set<String> = []
    private var ours: Set<String> = []
    private var ran = 0
    private var ranFailed = 0
    private var failure: Error?
    private var failures: [SweepFailure] = []
    /// Held while `progress` runs: reports from several workers do not interleave.
    private let reporting = NSLock()

    init(grid: Grid, options: SweepOptions, progress: (@Sendable (SweepProgress) -> Void)?, prepare: Bool = true) throws {
        guard options.jobs >= 1 else { throw RunKitError(.invalidArgument, "--jobs must be 1 or more, not \(options.jobs).") }
        if let split = options.split, split.count < 1 || split.index < 0 || split.index >= split.count {
            throw RunKitError(.invalidArgument, "--split \(split.index)/\(split.count) is not a split: use I/N with 0 ≤ I < N.")
        }
        self.grid = grid
        self.options = options
        self.progress = progress
        var share: [(GridPoint, String)] = []
        var seen = Set<String>()
        for (index, point) in grid.points.enumerated() {
            if let split = options.split, index % split.count != split.index { continue }
            let id = SweepRunID.of(point)
            // A config given twice (a grid list repeating one) runs once.
            if seen.insert(id).inserted { share.append((point, id)) }
        }
        points = share
        logPath = options.logPath
        lockPath = options.directory + "/.runkit.lock"
        claimsPath = logPath + ".claims.json"
        commitHash = prepare ? Self.gitHead() : ""
        writes = prepare
        if prepare { try self.prepare() }
    }

    // MARK: The log

    private func prepare() throws {
        try PosixFile.makeFolder(options.directory + "/runs")
        if let split = options.split {
            try PosixFile.makeFolder(options.directory + "/log_splits")
            // The number of splits, for --status (trailing splits may not have started) and to
            // refuse runners that split the grid another way.
            try PosixFile.withLock(lockPath) {
                if let recorded = LogResplit.recordedCount(in: options.directory), recorded != split.count {
                    throw RunKitError(.invalidArgument, "\(options.directory)/log_splits holds \(recorded) splits, not \(split.count); use --split I/\(recorded), or `runkit log resplit \(options.directory) --splits \(split.count)` first.", path: options.directory)
                }
                if LogResplit.recordedCount(in: options.directory) == nil {
                    try AtomicFile.write("\(split.count)\n", to: options.directory + "/log_splits/" + LogResplit.countFile)
                }
            }
        }
        // The grid beside the log (malet's layout; `runkit sweep --status` reads it). A file
        // RunKit wrote is kept up to date; a user's own file is never touched.
        let gridFile = options.directory + "/exp_config.yaml"
        let marker = "# written by runkit sweep: the grid of this folder's log\n"
        let existing = (try PosixFileSystem.bytes(gridFile)).map { String(decoding: $0, as: UTF8.self) }
        if existing == nil || existing!.hasPrefix(marker) {
            var text: String
            if case .maletYAML(let file) = grid.source, let bytes = try PosixFileSystem.bytes(file) {
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                var document = grid.statics
                if !grid.fields.isEmpty {
                    document["grid"] = .map(OrderedDictionary(uniqueKeysWithValues: grid.fieldValues.map { ($0.key, ConfigValue.list($0.value)) }))
                }
                text = PyYAMLDump.dump(document)
            }
            if PosixFileSystem.absolute(gridFile) != (grid.sourceFile.map(PosixFileSystem.absolute) ?? ""), existing != marker + text {
                try AtomicFile.write(marker + text, to: gridFile)
            }
        }
        try transaction { _, _ in }
    }

    /// Runs `body` on the log and the claims under the sweep's lock; writes back what changed.
    func transaction<T>(_ body: (inout ExperimentLogFile, inout [String: SweepClaim]) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try PosixFile.withLock(lockPath) {
            var log = try ExperimentLogFile.read(logPath) ?? ExperimentLogFile(statics: grid.statics, gridFields: grid.fields)
            try checkStatics(log)
            log.addColumns(grid: grid.fields, metrics: [])
            let before = log.render()
            var claims = SweepClaim.read(claimsPath)
            let claimsBefore = claims
            let result = try body(&log, &claims)
            let after = log.render()
            if after != before || PosixFileSystem.fileKind(logPath) == .missing { try AtomicFile.write(after, to: logPath) }
            if claims != claimsBefore { try SweepClaim.write(claims, to: claimsPath) }
            return result
        }
    }

    /// The log's statics must be the grid's (compared after PyYAML's round trip).
    private func checkStatics(_ log: ExperimentLogFile) throws {
        let wanted = (try? MaletYAML.parse(PyYAMLDump.dump(grid.statics)))?.mapValue ?? [:]
        for key in Set(wanted.keys).union(log.statics.keys).sorted() where !(wanted[key] ?? .null).looselyEquals(log.statics[key] ?? .null)
            || (wanted[key] == nil) != (log.statics[key] == nil) {
            throw RunKitError(.invalidArgument, "\(logPath) was written for other static configs: \(key) is \(log.statics[key].map { JSONWriter.string($0) } ?? "absent") there and \(wanted[key].map { JSONWriter.string($0) } ?? "absent") in the grid; use another --dir for this grid.", path: logPath)
        }
    }

    private func status(of row: [String], in log: ExperimentLogFile) -> String {
        log.column("status").map { row[$0] } ?? "C"
    }

    /// Takes the next config to run, or nil when none is left for this runner.
    func claimNext() throws -> Job? {
        try transaction { log, claims in
            let now = SweepClock.now()
            for (id, claim) in claims where !claim.isOurs && claim.isStale(now: now, staleAfter: options.staleAfter) {
                // A dead runner's command may still run, orphaned: stop it before its config runs again.
                if claim.host == SweepClaim.host, claim.group > 0 { kill(-claim.group, SIGKILL) }
                claims[id] = nil
            }
            if !options.queue, let other = claims.values.first(where: { !$0.isOurs }) {
                throw RunKitError(.invalidArgument, "Another runner (pid \(other.pid) on \(other.host)) is running configs of \(logPath); pass --queue to share the work with it.", path: logPath)
            }
            var rowIndex: [String: Int] = [:]
            for (index, row) in log.rows.enumerated() { rowIndex[SweepRunID.of(row: row, in: log)] = index }
            for (point, id) in points where claims[id] == nil && !attempted.contains(id) {
                var previous: Int64 = 0
                if let index = rowIndex[id] {
                    let row = log.rows[index]
                    switch status(of: row, in: log) {
                    case "C": continue
                    case "F" where !options.retryFailed: continue
                    default: break
                    }
                    previous = log.column("duration").flatMap { MaletTimes.microseconds(duration: row[$0]) } ?? 0
                    log.rows.remove(at: index)
                }
                var row = log.gridFields.map { SweepCell.grid(point.values[$0] ?? .null) }
                row += log.metricFields.map { field -> String in
                    switch field {
                    case "datetime": return SweepClock.datetime(now)
                    case "duration": return SweepClock.duration(previous)
                    case "commit_hash": return commitHash
                    case "status": return "R"
                    default: return ""
                    }
                }
                log.rows.append(row)
                claims[id] = SweepClaim(heartbeat: now, started: now)
                attempted.insert(id)
                ours.insert(id)
                let folder = options.directory + "/runs/" + id
                return Job(point: point, id: id, previousDuration: previous, started: now,
                           runDirectory: folder, metricsPath: folder + "/metrics.jsonl")
            }
            return nil
        }
    }

    /// Writes the job's metrics so far (status R) or its result (C/F), and drops the claim when final.
    func record(_ job: Job, status: String?) throws {
        let text = (try? PosixFileSystem.bytes(job.metricsPath)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let metrics = SweepMetrics.parse(text).values
        try transaction { log, claims in
            log.addColumns(grid: [], metrics: Array(metrics.keys))
            let now = SweepClock.now()
            var index = log.rows.firstIndex { SweepRunID.of(row: $0, in: log) == job.id }
            if index == nil {
                log.rows.append(log.gridFields.map { SweepCell.grid(job.point.values[$0] ?? .null) } + log.metricFields.map { _ in "" })
                index = log.rows.count - 1
            }
            var row = log.rows[index!]
            for (offset, field) in log.metricFields.enumerated() {
                let column = log.gridFields.count + offset
                switch field {
                case "datetime": row[column] = SweepClock.datetime(now)
                case "duration": row[column] = SweepClock.duration(job.previousDuration + now - job.started)
                case "commit_hash": row[column] = commitHash
                case "status": row[column] = status ?? "R"
                default: row[column] = metrics[field].map(SweepCell.metric) ?? ""
                }
            }
            log.rows[index!] = row
            if status != nil {
                claims[job.id] = nil
            } else {
                claims[job.id]?.heartbeat = now
            }
        }
        if status != nil {
            lock.lock()
            ours.remove(job.id)
            ran += 1
            if status == "F" { ranFailed += 1 }
            lock.unlock()
        }
    }

    /// Sets the process group of a claim (to stop an orphan after this runner dies), or refreshes
    /// every claim of this runner.
    func updateClaims(group: (id: String, group: Int32)? = nil) throws {
        lock.lock()
        let mine = ours
        lock.unlock()
        guard !mine.isEmpty || group != nil else { return }
        lock.lock()
        defer { lock.unlock() }
        try PosixFile.withLock(lockPath) {
            var claims = SweepClaim.read(claimsPath)
            let now = SweepClock.now()
            for id in mine where claims[id]?.isOurs == true { claims[id]?.heartbeat = now }
            if let group, claims[group.id]?.isOurs == true { claims[group.id]?.group = group.group }
            try SweepClaim.write(claims, to: claimsPath)
        }
    }

    // MARK: Running

    /// Runs the workers until no config is left, a stop is requested, or an error occurs.
    func run(_ execute: @escaping @Sendable (Job, Int) throws -> Outcome) throws -> SweepSummary {
        let group = DispatchGroup()
        let done = DispatchSemaphore(value: 0)
        let heartbeat = Thread { [self] in
            while done.wait(timeout: .now() + options.heartbeat) == .timedOut {
                try? updateClaims()
                try? report(.tick)
            }
        }
        heartbeat.start()
        for worker in 0..<options.jobs {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                do {
                    while !SweepStop.isRequested, !hasFailed, let job = try claimNext() {
                        try PosixFile.makeFolder(job.runDirectory)
                        try report(.started(config: job.label))
                        let began = Date()
                        let outcome: Outcome
                        do {
                            outcome = try execute(job, worker)
                        } catch {
                            outcome = Outcome(succeeded: false, note: "\(error)")
                            appendNote(job, "runkit: the config failed: \(error)")
                        }
                        try record(job, status: outcome.succeeded ? "C" : "F")
                        var failed: SweepFailure?
                        if !outcome.succeeded {
                            let log = job.runDirectory + "/output.log"
                            var reason = outcome.note ?? "failed"
                            if reason.hasSuffix(".") { reason.removeLast() }
                            failed = SweepFailure(id: job.id, config: job.label, reason: reason,
                                                  outputLog: log, lastLines: SweepFailure.lastLines(of: log))
                            lock.withLock { failures.append(failed!) }
                        }
                        try report(.finished(config: job.label, status: outcome.succeeded ? "C" : "F",
                                             seconds: Date().timeIntervalSince(began), failure: failed))
                    }
                } catch {
                    lock.lock()
                    if failure == nil { failure = error }
                    lock.unlock()
                }
            }
            thread.start()
        }
        group.wait()
        done.signal()
        if let failure = lock.withLock({ failure }) { throw failure }
        return try summary()
    }

    private var hasFailed: Bool { lock.withLock { failure != nil } }

    /// Tells `progress` (one report at a time, each counted after the one before) about `event`,
    /// with the counts as they are now.
    private func report(_ event: SweepProgress.Event) throws {
        guard let progress else { return }
        try reporting.withLock { progress(SweepProgress(event: event, summary: try summary())) }
    }

    /// Counts of this runner's share in the log.
    func summary() throws -> SweepSummary {
        let read = { (try ExperimentLogFile.read(self.logPath), SweepClaim.read(self.claimsPath)) }
        let (log, claims) = writes ? try PosixFile.withLock(lockPath, read) : try PosixFile.withReadLock(lockPath, read)
        var counts = (completed: 0, failed: 0, running: 0)
        var statuses: [String: String] = [:]
        if let log {
            for row in log.rows { statuses[SweepRunID.of(row: row, in: log)] = status(of: row, in: log) }
        }
        let now = SweepClock.now()
        for (_, id) in points {
            if let claim = claims[id], claim.isOurs || !claim.isStale(now: now, staleAfter: options.staleAfter) {
                counts.running += 1
                continue
            }
            switch statuses[id] {
            case "C"?: counts.completed += 1
            case "F"?: counts.failed += 1
            default: break
            }
        }
        let (ran, ranFailed, failures) = lock.withLock { (self.ran, self.ranFailed, self.failures) }
        return SweepSummary(total: points.count, completed: counts.completed, failed: counts.failed, running: counts.running,
                            pending: points.count - counts.completed - counts.failed - counts.running,
                            ran: ran, ranFailed: ranFailed, interrupted: SweepStop.isRequested, logPath: logPath,
                            failures: failures)
    }

    private func appendNote(_ job: Job, _ note: String) {
        let path = job.runDirectory + "/output.log"
        if let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil) {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data((note + "\n").utf8))
            try? handle.close()
        }
    }

    /// One config as a command in its own process group.
    func runCommand(_ command: [String], job: Job, worker: Int) throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in options.environment { environment[key] = value }
        environment["RUNKIT_CONFIG"] = JSONWriter.string(job.point.config)
        environment["RUNKIT_METRICS"] = job.metricsPath
        environment["RUNKIT_RUN_DIR"] = job.runDirectory
        environment["RUNKIT_RUN_ID"] = job.id
        if !options.gpus.isEmpty { environment["CUDA_VISIBLE_DEVICES"] = options.gpus[worker % options.gpus.count] }
        try AtomicFile.write(JSONWriter.string(job.point.config, indent: 2) + "\n", to: job.runDirectory + "/config.json")
        let arguments = Self.arguments(command, overrides: job.point.overrides)
        appendNote(job, "runkit: \(SweepClock.datetime(SweepClock.now())) start: \(arguments.joined(separator: " "))")
        let child = try ChildProcess(arguments: arguments, environment: environment, output: job.runDirectory + "/output.log")
        try? updateClaims(group: (job.id, child.pid))
        let deadline = options.timeout.map { Date().addingTimeInterval($0) }
        var nextCheckpoint = Date().addingTimeInterval(options.checkpointInterval)
        var metricsSize = -1
        while true {
            if let ending = child.poll() {
                if !ending.succeeded { appendNote(job, "runkit: the command ended with \(ending.description).") }
                return Outcome(succeeded: ending.succeeded, note: ending.description)
            }
            if SweepStop.isRequested {
                _ = child.stop(grace: options.killGrace)
                appendNote(job, "runkit: the sweep was interrupted; the command was stopped.")
                return Outcome(succeeded: false, note: "interrupted")
            }
            if let deadline, Date() >= deadline {
                _ = child.stop(grace: options.killGrace)
                appendNote(job, "runkit: timed out after \(options.timeout!) s; the command's process group was killed.")
                return Outcome(succeeded: false, note: "timed out after \(options.timeout!) s")
            }
            if Date() >= nextCheckpoint {
                nextCheckpoint = Date().addingTimeInterval(options.checkpointInterval)
                let size = (try? FileManager.default.attributesOfItem(atPath: job.metricsPath)[.size] as? Int) ?? -1
                if size != metricsSize, size > 0 {
                    metricsSize = size
                    try? record(job, status: nil)
                }
            }
            usleep(20_000)
        }
    }

    /// One config as a closure on this thread.
    func runClosure(_ body: @Sendable (SweepContext) throws -> [String: ConfigValue], job: Job) throws -> Outcome {
        let text = (try? PosixFileSystem.bytes(job.metricsPath)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let context = SweepContext(point: job.point, runDirectory: job.runDirectory, metricsPath: job.metricsPath,
                                   previousMetrics: SweepMetrics.parse(text).values)
        let metrics = try body(context)
        if !metrics.isEmpty { try context.record(metrics) }
        return Outcome(succeeded: true, note: nil)
    }

    /// The command with the overrides at `{overrides}`, or appended.
    static func arguments(_ command: [String], overrides: [String]) -> [String] {
        guard command.contains(where: { $0.contains("{overrides}") }) else { return command + overrides }
        return command.flatMap { argument -> [String] in
            if argument == "{overrides}" { return overrides }
            guard argument.contains("{overrides}") else { return [argument] }
            let quoted = overrides.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            return [argument.replacingOccurrences(of: "{overrides}", with: quoted)]
        }
    }

    /// `git rev-parse HEAD` in the working directory, or "" (malet writes an empty commit_hash then).
    static func gitHead() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
