import Foundation

/// The single-node cluster of `scripts/slurm-cluster.sh` (its `slurm.conf` from `SLURM_CONF`, else
/// the script's default state folder), for the tests that submit real job arrays.
enum SlurmCluster {
    static let configuration: String = ProcessInfo.processInfo.environment["SLURM_CONF"]
        ?? (ProcessInfo.processInfo.environment["RUNKIT_SLURM_STATE"] ?? "/tmp/runkit-slurm") + "/slurm.conf"

    /// The environment the Slurm commands (and `runkit sweep --slurm`) need.
    static var environment: [String: String] { ["SLURM_CONF": configuration] }

    /// True when `sinfo` answers with a usable node.
    static let isRunning: Bool = {
        guard FileManager.default.fileExists(atPath: configuration),
              let result = try? run(["sinfo", "-h", "-o", "%t"]), result.status == 0 else { return false }
        return result.stdout.split(separator: "\n").contains { ["idle", "mix", "alloc"].contains($0) }
    }()

    /// Runs a Slurm command (looked up in PATH) against the cluster.
    static func run(_ arguments: [String]) throws -> CLIResult {
        try CLI.runCommand(["/usr/bin/env"] + arguments, environment: environment)
    }

    /// The tasks of `job` still known to `squeue`: `<id>_<task> <state> <reason>` each.
    static func queued(_ job: String) -> [String] {
        let lines = (try? run(["squeue", "-h", "-r", "-j", job, "-o", "%i %T %r"]))?.stdout ?? ""
        return lines.split(separator: "\n").map(String.init)
    }

    /// Waits until `job` has left the queue; true if it did within `seconds`. Tasks a requeue left
    /// waiting for their begin time (about 2 minutes) are made eligible 5 s after it: started
    /// within the second of the requeue, Slurm kills a task as "Job credential revoked".
    static func waitUntilDone(_ job: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var waitingSince: [String: Date] = [:]
        while Date() < deadline {
            let tasks = queued(job)
            if tasks.isEmpty { return true }
            for task in tasks where task.hasSuffix(" BeginTime") {
                let id = String(task.split(separator: " ")[0])
                let since = waitingSince[id] ?? Date()
                waitingSince[id] = since
                if Date().timeIntervalSince(since) > 5 {
                    _ = try? run(["scontrol", "update", "jobid=\(id)", "StartTime=now"])
                    waitingSince[id] = nil
                }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }

    /// Waits until `count` tasks of `job` run; true if they did within `seconds`.
    static func waitUntilRunning(_ job: String, count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if queued(job).filter({ $0.contains(" RUNNING ") }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }
}
