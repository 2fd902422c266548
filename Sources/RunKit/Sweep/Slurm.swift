import Foundation

/// The Slurm commands a sweep uses: `sbatch` to submit its script, `scontrol requeue` for a task
/// that got its warning signal. Found in PATH; a missing command or a refusal is an error with
/// what the command said.
///
/// ```swift
/// let job = try Slurm.submit("/data/exp/slurm/sweep.sbatch")   // "4242"
/// if let task = Slurm.currentJob { try Slurm.requeue(task) }
/// ```
public enum Slurm {
    /// The job this process runs in, or nil outside Slurm: an array task as `<array id>_<task>`
    /// (its own `SLURM_JOB_ID` may be the array's id, and requeueing that requeues every task).
    public static var currentJob: String? {
        let environment = ProcessInfo.processInfo.environment
        if let array = environment["SLURM_ARRAY_JOB_ID"], let task = environment["SLURM_ARRAY_TASK_ID"], !array.isEmpty, !task.isEmpty {
            return array + "_" + task
        }
        return environment["SLURM_JOB_ID"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Submits `script` with `sbatch --parsable` and `options` (which override the script's
    /// `#SBATCH` lines); returns the job id (an array's id).
    public static func submit(_ script: String, options: [String] = []) throws -> String {
        let output = try run(["sbatch", "--parsable"] + options + [script])
        // `--parsable` prints `id` or `id;cluster`.
        return String(output.split(separator: ";").first ?? "")
    }

    /// Requeues `job` (`scontrol requeue`): it goes back to pending, and Slurm ends this run of it.
    public static func requeue(_ job: String) throws {
        _ = try run(["scontrol", "requeue", job])
    }

    /// The tasks of job array `array`: from `scontrol show job` (the tasks slurmctld still keeps:
    /// pending, running, recently ended); the ended ones it no longer keeps from `sacct` when the
    /// cluster keeps accounting, else from the job completion file when it writes one
    /// (`JobCompType=jobcomp/filetxt`). Sorted by task; an array Slurm knows nothing of has none.
    public static func tasks(ofArray array: String) throws -> [SlurmTask] {
        // An array slurmctld has purged is an error ("Invalid job id"): then only the records know it.
        let known = (try? run(["scontrol", "-o", "show", "job", array])).map { SlurmTask.parse(scontrol: $0, array: array) } ?? []
        var tasks = Dictionary(known.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        func add(_ ended: [SlurmTask]) { for task in ended where tasks[task.index] == nil { tasks[task.index] = task } }
        // Without accounting, sacct says so and fails.
        if let accounted = try? run(["sacct", "-X", "-n", "-P", "-j", array, "-o", "JobID,JobIDRaw,State"]) {
            add(SlurmTask.parse(sacct: accounted, array: array))
        } else if let file = completionFile(), let bytes = try? PosixFileSystem.bytes(file) {
            // `sacct -c` reads this file but cannot select an array's tasks: its lines name them.
            add(SlurmTask.parse(scontrol: String(decoding: bytes, as: UTF8.self), array: array))
        }
        return tasks.values.sorted { $0.index < $1.index }
    }

    /// The job completion file of a cluster with `JobCompType=jobcomp/filetxt` (its `JobCompLoc`).
    static func completionFile() -> String? {
        guard let config = try? run(["scontrol", "show", "config"]) else { return nil }
        var type = "", location = ""
        for line in config.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "JobCompType" { type = parts[1] }
            if parts[0] == "JobCompLoc" { location = parts[1] }
        }
        return type == "jobcomp/filetxt" && location.hasPrefix("/") ? location : nil
    }

    /// Runs a Slurm command; its trimmed stdout, or an error with its stderr.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw RunKitError(.invalidArgument, "Cannot run \(arguments[0]): \(error).")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let said = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw RunKitError(.invalidArgument, "`\(arguments.joined(separator: " "))` failed (exit status \(process.terminationStatus))" + (said.isEmpty ? "." : ": \(said)"))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
