/// One task of a sweep's job array as Slurm reports it: `scontrol show job` while slurmctld
/// keeps it (pending, running, and for `MinJobAge` seconds after it ends), else the accounting
/// record `sacct` keeps (when the cluster has accounting), else the job completion file
/// (`JobCompType=jobcomp/filetxt`, what `sacct -c` reads).
///
/// ```swift
/// let tasks = try Slurm.tasks(ofArray: "4242")
/// tasks.first?.state      // "RUNNING"
/// tasks.first?.category   // .running
/// ```
public struct SlurmTask: Sendable, Hashable {
    /// The array's job id (`4242`).
    public var array: String
    /// The task's index in the array (`SLURM_ARRAY_TASK_ID`).
    public var index: Int
    /// The task's own job id (`4245`; empty when Slurm did not say): what `sacct -j` takes.
    public var jobID: String
    /// Slurm's state word: `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `PREEMPTED`, `TIMEOUT`,
    /// `CANCELLED`, …
    public var state: String
    /// Why it waits (`BeginTime` after a requeue, `JobArrayTaskLimit`, …); empty when none.
    public var reason: String

    public init(array: String, index: Int, jobID: String = "", state: String, reason: String = "") {
        self.array = array
        self.index = index
        self.jobID = jobID
        self.state = state
        self.reason = reason
    }

    /// What `runkit sweep --status` counts a task as.
    public enum Category: String, Sendable, CaseIterable {
        case pending, running, completed, failed, preempted, cancelled, timeout
    }

    /// The state's category; a state Slurm adds later counts as failed (it ended, not completed).
    public var category: Category {
        switch state.split(separator: " ").first.map(String.init) ?? state {
        case "PENDING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESV_DEL_HOLD", "SUSPENDED": return .pending
        case "RUNNING", "CONFIGURING", "COMPLETING", "STAGE_OUT", "SIGNALING", "RESIZING": return .running
        case "COMPLETED": return .completed
        case "PREEMPTED": return .preempted
        case "CANCELLED": return .cancelled
        case "TIMEOUT", "DEADLINE": return .timeout
        default: return .failed
        }
    }

    /// The tasks of `array` in `scontrol -o show job` lines (`Key=Value …`, one job a line; the
    /// job completion file's lines are alike); the line of tasks not started yet names them all
    /// (`ArrayTaskId=2-5,7%2`). Other jobs' lines are skipped; a task listed again (a requeued
    /// task's later run) keeps its last line.
    static func parse(scontrol text: String, array: String) -> [SlurmTask] {
        var tasks: [Int: SlurmTask] = [:]
        for task in lines(scontrol: text, array: array) { tasks[task.index] = task }
        return tasks.values.sorted { $0.index < $1.index }
    }

    private static func lines(scontrol text: String, array: String) -> [SlurmTask] {
        text.split(separator: "\n").flatMap { line -> [SlurmTask] in
            var fields: [Substring: Substring] = [:]
            for pair in line.split(separator: " ") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                fields[pair[..<equals]] = pair[pair.index(after: equals)...]
            }
            guard fields["ArrayJobId"].map(String.init) == array, let ids = fields["ArrayTaskId"],
                  let state = fields["JobState"] else { return [] }
            let reason = fields["Reason"].map(String.init) ?? ""
            let all = indices(ids)
            // The line of several tasks not started yet is the array's own job id: no task's.
            let jobID = all.count == 1 ? fields["JobId"].map(String.init) ?? "" : ""
            return all.map { SlurmTask(array: array, index: $0, jobID: jobID, state: String(state), reason: reason == "None" ? "" : reason) }
        }
    }

    /// The task indices of an array spec: `3`, `2-5`, `0-9:2`, `1,4-6%2` (the `%K` throttle dropped).
    static func indices(_ spec: Substring) -> [Int] {
        let list = spec.split(separator: "%").first ?? spec
        return list.split(separator: ",").flatMap { part -> [Int] in
            let stepped = part.split(separator: ":")
            let bounds = stepped[0].split(separator: "-").compactMap { Int($0) }
            let step = stepped.count > 1 ? max(1, Int(stepped[1]) ?? 1) : 1
            guard let first = bounds.first else { return [] }
            let last = bounds.count > 1 ? bounds[1] : first
            return first <= last ? Array(stride(from: first, through: last, by: step)) : []
        }
    }

    /// The tasks of `array` in `sacct -X -n -P -o JobID,JobIDRaw,State` lines
    /// (`4242_3|4245|COMPLETED`); a task listed more than once (requeued) keeps its last line.
    static func parse(sacct text: String, array: String) -> [SlurmTask] {
        var tasks: [Int: SlurmTask] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let id = fields[0].split(separator: "_")
            guard id.count == 2, String(id[0]) == array, let index = Int(id[1]) else { continue }
            tasks[index] = SlurmTask(array: array, index: index, jobID: String(fields[1]), state: String(fields[2]))
        }
        return tasks.values.sorted { $0.index < $1.index }
    }
}
