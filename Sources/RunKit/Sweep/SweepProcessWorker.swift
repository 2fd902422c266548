import Foundation

/// Runs one config as a command in its own process group: its environment (`RUNKIT_CONFIG`,
/// `RUNKIT_METRICS`, …), its output in `output.log`, its metrics copied into the log's row every
/// `checkpointInterval`, and its process group stopped on `timeout` or when the task is cancelled.
///
/// ```swift
/// let worker = SweepProcessWorker(command: ["python", "train.py"], ledger: ledger)
/// let outcome = try await worker.run(job, worker: 0)   // .succeeded, or the reason it failed
/// ```
struct SweepProcessWorker: Sendable {
    let command: [String]
    let ledger: SweepLedger

    func run(_ job: SweepJob, worker: Int) async throws -> SweepJob.Outcome {
        let options = ledger.options
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in options.environment { environment[key] = value }
        environment["RUNKIT_CONFIG"] = JSONWriter.string(job.point.config)
        environment["RUNKIT_METRICS"] = job.metricsPath
        environment["RUNKIT_RUN_DIR"] = job.runDirectory
        environment["RUNKIT_RUN_ID"] = job.id
        if !options.gpus.isEmpty { environment["CUDA_VISIBLE_DEVICES"] = options.gpus[worker % options.gpus.count] }
        try AtomicFile.write(JSONWriter.string(job.point.config, indent: 2) + "\n", to: job.runDirectory + "/config.json")
        let arguments = Self.arguments(command, overrides: job.point.overrides)
        job.appendNote("runkit: \(SweepClock.datetime(SweepClock.now())) start: \(arguments.joined(separator: " "))")
        let child = try ChildProcess(arguments: arguments, environment: environment, output: job.runDirectory + "/output.log")
        await ledger.setGroup(of: job.id, to: child.pid)
        let clock = ContinuousClock()
        let deadline = options.timeout.map { clock.now + .seconds($0) }
        var nextCheckpoint = clock.now + .seconds(options.checkpointInterval)
        var metricsSize = -1
        while true {
            if let ending = child.poll() {
                // scancel signals the command and this runner at once: give the stop a moment to
                // arrive, so the config is put back to pending rather than recorded F.
                if !ending.succeeded, options.releaseOnStop { await SweepClock.pause(.milliseconds(300)) }
                if !ending.succeeded { job.appendNote("runkit: the command ended with \(ending.description).") }
                return SweepJob.Outcome(succeeded: ending.succeeded, note: ending.description)
            }
            if Task.isCancelled {
                _ = await child.stop(grace: options.killGrace)
                job.appendNote("runkit: the sweep was interrupted; the command was stopped.")
                return SweepJob.Outcome(succeeded: false, note: "interrupted")
            }
            if let deadline, clock.now >= deadline {
                _ = await child.stop(grace: options.killGrace)
                job.appendNote("runkit: timed out after \(options.timeout!) s; the command's process group was killed.")
                return SweepJob.Outcome(succeeded: false, note: "timed out after \(options.timeout!) s")
            }
            if clock.now >= nextCheckpoint {
                nextCheckpoint = clock.now + .seconds(options.checkpointInterval)
                let size = (try? FileManager.default.attributesOfItem(atPath: job.metricsPath)[.size] as? Int) ?? -1
                if size != metricsSize, size > 0 {
                    metricsSize = size
                    try? await ledger.record(job, status: nil)
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The command with the overrides at `{overrides}`, or appended.
    static func arguments(_ command: [String], overrides: [String]) -> [String] {
        guard command.contains(where: { $0.contains("{overrides}") }) else { return command + overrides }
        return command.flatMap { argument -> [String] in
            if argument == "{overrides}" { return overrides }
            guard argument.contains("{overrides}") else { return [argument] }
            let quoted = overrides.map(ShellWord.singleQuoted).joined(separator: " ")
            return [argument.replacingOccurrences(of: "{overrides}", with: quoted)]
        }
    }
}
