import Foundation
import Testing
import RunKit

/// `runkit sweep --slurm` against a real single-node cluster (scripts/slurm-cluster.sh, which
/// .ci/run starts); without one the cluster tests are skipped with a message.
@Suite("runkit sweep --slurm", .serialized)
struct SlurmCLITests {
    /// Each config sleeps, then counts its completion in `runs/<id>/done` (a command stopped
    /// midway counts nothing) and reports a metric.
    static let command = ["--", "/bin/sh", "-c", #"sleep 2 && echo x >> "$RUNKIT_RUN_DIR/done" && echo "{\"v\": 1}" >> "$RUNKIT_METRICS""#]

    /// Every config of `a=range(count)` is C in exactly one row and ran to its end exactly once
    /// (`killed`, the config of a runner killed with SIGKILL, at most twice: its orphaned command
    /// may end before the runner that takes the config over stops it).
    static func expectEachOnce(_ directory: String, count: Int, killed: String? = nil) throws {
        let listed = try CLI.run(["list", directory, "--format", "json"])
        let rows = try JSONParser.parse(listed.stdout).listValue ?? []
        #expect(rows.count == count, "\(listed.stderr)")
        #expect(rows.allSatisfy { $0["status"] == .string("FINISHED") })
        #expect(Set(rows.compactMap { $0["config"]?["a"]?.intValue }) == Set(0..<count))
        let runs = directory + "/runs"
        let ids = try FileManager.default.contentsOfDirectory(atPath: runs)
        #expect(ids.count == count)
        for id in ids {
            let done = (try? String(contentsOfFile: "\(runs)/\(id)/done", encoding: .utf8)) ?? ""
            #expect(done == "x\n" || (id == killed && done == "x\nx\n"), "config \(id) ran to its end \(done.count / 2) times")
        }
        let claims = try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
    }

    /// `runkit sweep --status DIR` says `total,done,running,failed,pending` of its log (then given_up).
    static func expectStatus(_ directory: String, _ counts: String) throws {
        let status = try CLI.run(["sweep", "--status", directory, "--format", "csv"])
        #expect(status.stdout.contains("log.tsv,\(counts),"), "\(status.stdout)\(status.stderr)")
    }

    /// Submits `a=range(configs)` over `workers` tasks; returns the array's job id.
    static func submit(_ directory: String, configs: Int, workers: Int) throws -> String {
        try submit(directory, ["--workers", String(workers), "a=range(\(configs))"], command: command)
    }

    /// Submits `runkit sweep --dir DIRECTORY --slurm ARGUMENTS COMMAND`; returns the array's job id.
    static func submit(_ directory: String, _ arguments: [String], command: [String]) throws -> String {
        let result = try CLI.run(["sweep", "--dir", directory, "--slurm"] + arguments + command, environment: SlurmCluster.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let job = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(job) != nil, "not a job id: \(result.stdout)")
        return job
    }

    @Test("--dry-run prints the batch script with the mapped sbatch options and writes nothing; the script runs by hand")
    func dryRun() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sweep = directory + "/sweep"
        let result = try CLI.run(["sweep", "--dir", sweep, "--slurm", "--dry-run", "--workers", "4", "--parallel", "2",
                                  "--partition", "gpu", "--time", "1:00:00", "--gres", "gpu:1", "--gpus-per-task", "1",
                                  "--cpus-per-task", "8", "--mem", "16G", "--account", "lab", "--qos", "high",
                                  "--sbatch-arg=--exclusive", "--sbatch-arg", "--constraint=a100", "--signal-before", "300",
                                  "--configs-per-task", "3", "--jobs", "2", "a=1,2", "b=x y"] + ["--", "/bin/sh", "-c", #"echo "it's" $0"#],
                                 directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let sbatch = lines.filter { $0.hasPrefix("#SBATCH ") }.map { String($0.dropFirst(8)) }
        #expect(sbatch == ["--job-name=runkit-sweep", "--array=0-3%2", "--partition=gpu", "--time=1:00:00", "--gres=gpu:1",
                           "--gpus-per-task=1", "--cpus-per-task=8", "--mem=16G", "--account=lab", "--qos=high",
                           "--signal=B:USR1@300", "--requeue", "--open-mode=append", "--exclusive", "--constraint=a100",
                           "--output=\(sweep)/slurm/%A_%a.out"])
        #expect(lines.first == "#!/bin/bash")
        #expect(lines.contains("cd \(directory) || exit 1"))
        let exec = "exec \(CLI.binary) sweep --queue --release-on-stop --wait-for-others --dir \(sweep) --max-configs 3 --jobs 2 a=1,2 'b=x y' -- /bin/sh -c 'echo \"it'\\''s\" $0'"
        #expect(lines.last == exec, "\(lines.last ?? "")")
        #expect(!FileManager.default.fileExists(atPath: sweep), "a dry run wrote into the sweep's folder")

        // Without --workers: one task per config, or per --configs-per-task of them.
        let perTask = try CLI.run(["sweep", "--dir", sweep, "--slurm", "--dry-run", "--configs-per-task", "2", "a=range(5)", "--", "true"])
        #expect(perTask.stdout.contains("#SBATCH --array=0-2\n"), "\(perTask.stdout)")

        // The script is a plain shell script: run by hand it is one more runner of the sweep.
        let script = directory + "/sweep.sbatch"
        try result.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let byHand = try CLI.runCommand(["/bin/bash", script])
        #expect(byHand.status == 0, "\(byHand.stderr)")
        let rows = try JSONParser.parse(try CLI.run(["list", sweep, "--format", "json"]).stdout).listValue ?? []
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"] == .string("FINISHED") })
    }

    /// Waits until `count` configs of the sweep in `directory` have started (their `started` file).
    static func waitForStarted(_ directory: String, count: Int) -> Bool {
        let runs = directory + "/runs"
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let started = ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).filter { FileManager.default.fileExists(atPath: "\(runs)/\($0)/started") }
            if started.count >= count { return true }
            usleep(20_000)
        }
        return false
    }

    static let slowCommand = ["--", "/bin/sh", "-c", #"echo > "$RUNKIT_RUN_DIR/started"; [ -e "$RUNKIT_RUN_DIR/../../go" ] || sleep 30"#]

    @Test("--release-on-stop: SIGTERM or USR1 puts the running configs back to pending (row R, no claim, not F), and a rerun completes them",
          arguments: [SIGTERM, SIGUSR1])
    func releaseOnStop(signal: Int32) throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = try SweepCLITests.start(["sweep", "--dir", directory, "--jobs", "2", "--release-on-stop", "x=range(3)"] + Self.slowCommand)
        #expect(Self.waitForStarted(directory, count: 2))
        kill(runner.processIdentifier, signal)
        runner.waitUntilExit()
        #expect(runner.terminationStatus == 130)
        try Self.expectStatus(directory, "3,0,0,0,3")
        let rows = try JSONParser.parse(try CLI.run(["list", directory, "--format", "json"]).stdout).listValue ?? []
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"] == .string("RUNNING") })
        #expect(try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "{}")

        try "".write(toFile: directory + "/go", atomically: true, encoding: .utf8)
        let rerun = try CLI.run(["sweep", "--dir", directory, "--retry-failed", "none", "x=range(3)"] + Self.slowCommand)
        #expect(rerun.status == 0, "\(rerun.stderr)")
    }

    @Test("--wait-for-others: a runner with nothing to claim stays while another holds claims, and takes over the configs it releases")
    func waitForOthers() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SweepCLITests.start(["sweep", "--dir", directory, "--queue", "--jobs", "2", "--release-on-stop", "x=range(2)"] + Self.slowCommand)
        #expect(Self.waitForStarted(directory, count: 2))
        // Without --wait-for-others a second runner finds nothing to claim and leaves at once (3: not complete yet).
        let leaving = try CLI.run(["sweep", "--dir", directory, "--queue", "x=range(2)"] + Self.slowCommand)
        #expect(leaving.status == 3, "\(leaving.stderr)")
        let waiting = try SweepCLITests.start(["sweep", "--dir", directory, "--queue", "--wait-for-others", "x=range(2)"] + Self.slowCommand)
        Thread.sleep(forTimeInterval: 1)
        #expect(waiting.isRunning)
        try "".write(toFile: directory + "/go", atomically: true, encoding: .utf8)
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
        try Self.expectStatus(directory, "2,2,0,0,0")
    }

    @Test("--max-configs N: a runner claims N configs, then ends")
    func maxConfigs() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.run(["sweep", "--dir", directory, "--max-configs", "2", "x=range(5)", "--", "true"])
        #expect(result.status == 1, "\(result.stderr)")   // configs were left pending
        try Self.expectStatus(directory, "5,2,0,0,3")
    }

    @Test("a 24-config grid over 4 array tasks completes with every config exactly once",
          .enabled(if: SlurmCluster.isRunning, "skipped: no Slurm cluster is running (scripts/slurm-cluster.sh start; .ci/run starts it)"))
    func arrayCompletes() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let job = try Self.submit(directory, configs: 24, workers: 4)
        #expect(FileManager.default.fileExists(atPath: directory + "/slurm/sweep.sbatch"))
        #expect(try String(contentsOfFile: directory + "/slurm/jobs", encoding: .utf8) == job + "\n")
        #expect(SlurmCluster.waitUntilDone(job, seconds: 120), "the array did not finish: \(SlurmCluster.queued(job))")
        try Self.expectEachOnce(directory, count: 24)
        let outputs = try FileManager.default.contentsOfDirectory(atPath: directory + "/slurm").filter { $0.hasSuffix(".out") }
        #expect(Set(outputs) == Set((0..<4).map { "\(job)_\($0).out" }))
        try Self.expectStatus(directory, "24,24,0,0,0")
    }

    @Test("kill -9 of one task's runner, scancel of another, scontrol requeue of a third and USR1 (the time-limit warning) to the fourth, midway: every config still C exactly once",
          .enabled(if: SlurmCluster.isRunning, "skipped: no Slurm cluster is running (scripts/slurm-cluster.sh start; .ci/run starts it)"))
    func killCancelRequeueAndWarn() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let job = try Self.submit(directory, configs: 24, workers: 4)
        #expect(SlurmCluster.waitUntilRunning(job, count: 4, seconds: 60))
        Thread.sleep(forTimeInterval: 3)   // each task is inside its second config

        // The runner of one task, found by its claim's pid and that process's SLURM_ARRAY_TASK_ID.
        let claims = try JSONParser.parse(String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)).mapValue ?? [:]
        var killed: String?
        var killedConfig: String?
        for (id, claim) in claims where killed == nil {
            guard let pid = claim["pid"]?.intValue,
                  let environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { continue }
            let prefix = "SLURM_ARRAY_TASK_ID="
            guard let task = String(decoding: environment, as: UTF8.self).split(separator: "\0").first(where: { $0.hasPrefix(prefix) }) else { continue }
            kill(Int32(pid), SIGKILL)
            killed = String(task.dropFirst(prefix.count))
            killedConfig = id
        }
        #expect(killed != nil, "no runner found among the claims: \(claims)")
        let others = (0..<4).map(String.init).filter { $0 != killed }
        _ = try SlurmCluster.run(["scancel", "\(job)_\(others[0])"])
        _ = try SlurmCluster.run(["scontrol", "requeue", "\(job)_\(others[1])"])
        _ = try SlurmCluster.run(["scancel", "--signal=USR1", "--batch", "\(job)_\(others[2])"])
        #expect(SlurmCluster.waitUntilDone(job, seconds: 180), "the array did not finish: \(SlurmCluster.queued(job))")
        try Self.expectEachOnce(directory, count: 24, killed: killedConfig)
        let cancelled = try String(contentsOfFile: "\(directory)/slurm/\(job)_\(others[0]).out", encoding: .utf8)
        #expect(cancelled.contains(", 0 failed,"), "\(cancelled)")
        let warned = try String(contentsOfFile: "\(directory)/slurm/\(job)_\(others[2]).out", encoding: .utf8)
        #expect(warned.contains("USR1: requeueing Slurm job \(job)_\(others[2])"), "\(warned)")
        // The task warned with USR1 requeued itself and ran again (its output is appended to).
        #expect(warned.components(separatedBy: "configs complete").count == 3, "\(warned)")
    }

    @Test("a task at its time limit gets USR1 (--signal-before), puts its config back and requeues itself, until every config is C exactly once",
          .enabled(if: SlurmCluster.isRunning, "skipped: no Slurm cluster is running (scripts/slurm-cluster.sh start; .ci/run starts it)"))
    func timeLimit() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 8 configs of 4 s for one task of 1 minute, warned 55 s before: USR1 comes after 5 s
        // (slurmctld checks time limits every 30 s or so), then again in each run after its requeue.
        let command = ["--", "/bin/sh", "-c", #"sleep 4 && echo x >> "$RUNKIT_RUN_DIR/done""#]
        let job = try Self.submit(directory, ["--workers", "1", "--time", "1", "--signal-before", "55", "a=range(8)"], command: command)
        #expect(SlurmCluster.waitUntilDone(job, seconds: 400), "the array did not finish: \(SlurmCluster.queued(job))")
        try Self.expectEachOnce(directory, count: 8)
        let output = try String(contentsOfFile: "\(directory)/slurm/\(job)_0.out", encoding: .utf8)
        #expect(output.contains("USR1: requeueing Slurm job \(job)_0"), "\(output)")
        #expect(!output.contains("DUE TO TIME LIMIT"), "\(output)")   // it requeued itself before
    }

    @Test("--status --slurm lists the array's tasks as squeue does; a finished array with configs left says to --resubmit, which runs them",
          .enabled(if: SlurmCluster.isRunning, "skipped: no Slurm cluster is running (scripts/slurm-cluster.sh start; .ci/run starts it)"))
    func statusAndResubmit() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 6 configs, 3 tasks of one config each (the third waits: 2 at once): 3 are left after.
        let command = ["--", "/bin/sh", "-c", #"sleep 8 && echo x >> "$RUNKIT_RUN_DIR/done""#]
        let job = try Self.submit(directory, ["--workers", "3", "--parallel", "2", "--configs-per-task", "1", "a=range(6)"], command: command)
        #expect(SlurmCluster.waitUntilRunning(job, count: 2, seconds: 60))
        let status = try CLI.run(["sweep", "--status", directory, "--slurm", "--format", "csv"], environment: SlurmCluster.environment)
        let queued = SlurmCluster.queued(job)
        let listed = status.stdout.split(separator: "\r\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(fields[0])_\(fields[1]) \(fields[3]) \(fields[4].isEmpty ? "None" : fields[4])"
        }
        #expect(Set(listed) == Set(queued), "runkit: \(listed), squeue: \(queued)")
        #expect(listed.filter { $0.contains(" RUNNING ") }.count == 2 && listed.count == 3)
        let table = try CLI.run(["sweep", "--status", directory], environment: SlurmCluster.environment)
        #expect(table.stdout.contains("slurm array"), "\(table.status) \(table.stdout) \(table.stderr)")

        #expect(SlurmCluster.waitUntilDone(job, seconds: 120), "the array did not finish: \(SlurmCluster.queued(job))")
        try Self.expectStatus(directory, "6,3,0,0,3")
        let after = try CLI.run(["sweep", "--status", directory], environment: SlurmCluster.environment)
        #expect(after.stderr.contains("3 config(s) are left: runkit sweep \(directory) --slurm --resubmit"), "\(after.stderr)")

        let resubmitted = try CLI.run(["sweep", directory, "--slurm", "--resubmit"], environment: SlurmCluster.environment)
        #expect(resubmitted.status == 0, "\(resubmitted.stderr)")
        let second = resubmitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(resubmitted.stderr.contains("(3 tasks for the 3 config(s) left)"), "\(resubmitted.stderr)")
        #expect(try String(contentsOfFile: directory + "/slurm/jobs", encoding: .utf8) == "\(job)\n\(second)\n")
        #expect(SlurmCluster.waitUntilDone(second, seconds: 120), "the array did not finish: \(SlurmCluster.queued(second))")
        try Self.expectEachOnce(directory, count: 6)
        // Ended tasks slurmctld no longer keeps come from the job completion file: as `sacct -c` says.
        Thread.sleep(forTimeInterval: 12)   // MinJobAge=10
        let ended = try CLI.run(["sweep", "--status", directory, "--slurm", "--format", "json"], environment: SlurmCluster.environment)
        let tasks = try JSONParser.parse(ended.stdout).listValue ?? []
        #expect(tasks.filter { $0["array"]?.stringValue == job }.count == 3, "\(ended.stdout)")
        for task in tasks {
            let jobID = task["job_id"]?.stringValue ?? ""
            #expect(!jobID.isEmpty, "\(task)")
            let sacct = try SlurmCluster.run(["sacct", "-c", "-n", "-P", "-j", jobID, "-o", "State"]).stdout
            #expect(sacct.split(separator: "\n").last.map(String.init) == task["state"]?.stringValue, "task \(task): sacct -c says \(sacct)")
        }
        let nothing = try CLI.run(["sweep", directory, "--slurm", "--resubmit"], environment: SlurmCluster.environment)
        #expect(nothing.status == 0 && nothing.stdout.isEmpty && nothing.stderr.contains("nothing left to run"), "\(nothing.stderr)")
    }

    @Test("scancel of the whole array midway leaves a log that resumes: its running configs go back to pending, --resubmit finishes every config exactly once",
          .enabled(if: SlurmCluster.isRunning, "skipped: no Slurm cluster is running (scripts/slurm-cluster.sh start; .ci/run starts it)"))
    func cancelWholeArray() throws {
        let directory = try CLI.temporaryFolder("runkit-slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = ["--", "/bin/sh", "-c", #"sleep 6 && echo x >> "$RUNKIT_RUN_DIR/done""#]
        let job = try Self.submit(directory, ["--workers", "2", "a=range(6)"], command: command)
        #expect(SlurmCluster.waitUntilRunning(job, count: 2, seconds: 60))
        Thread.sleep(forTimeInterval: 2)
        _ = try SlurmCluster.run(["scancel", job])
        #expect(SlurmCluster.waitUntilDone(job, seconds: 60), "the array did not end: \(SlurmCluster.queued(job))")
        // Nothing F, nothing claimed: the configs cancelled midway are pending again.
        let status = try CLI.run(["sweep", "--status", directory, "--format", "json"])
        let row = try JSONParser.parse(status.stdout).listValue?.first
        #expect(row?["running"] == 0 && row?["failed"] == 0 && (row?["pending"]?.intValue ?? 0) >= 2, "\(status.stdout)")
        let claims = try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        let resubmitted = try CLI.run(["sweep", directory, "--slurm", "--resubmit"], environment: SlurmCluster.environment)
        #expect(resubmitted.status == 0, "\(resubmitted.stderr)")
        let second = resubmitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(SlurmCluster.waitUntilDone(second, seconds: 120), "the array did not finish: \(SlurmCluster.queued(second))")
        try Self.expectEachOnce(directory, count: 6)
    }
}
