/// The batch script of `runkit sweep --slurm`: a job array whose tasks are `runkit sweep --queue`
/// runners on one sweep folder, readable and runnable by hand (`bash DIR/slurm/sweep.sbatch` runs
/// one more runner). Written to `DIR/slurm/sweep.sbatch`; each task's output goes to
/// `DIR/slurm/<array job id>_<task>.out`.
///
/// ```swift
/// let job = try SlurmBatchScript(slurm: SlurmOptions(workers: 4), directory: "/data/exp",
///                               workingDirectory: "/home/me/project",
///                               runner: ["/usr/local/bin/runkit", "sweep", "--queue", "--dir", "/data/exp", "a=1,2", "--", "python", "train.py"])
///     .submit()
/// // DIR/slurm/sweep.sbatch: #!/bin/bash, the #SBATCH lines, then cd and exec of the runner
/// ```
public struct SlurmBatchScript: Sendable {
    public var slurm: SlurmOptions
    /// The sweep's folder (absolute: the tasks run elsewhere).
    public var directory: String
    /// Where the command runs (the folder `runkit sweep --slurm` ran in).
    public var workingDirectory: String
    /// A task's command line: the absolute path of `runkit`, then its arguments.
    public var runner: [String]

    public init(slurm: SlurmOptions, directory: String, workingDirectory: String, runner: [String]) {
        self.slurm = slurm
        self.directory = directory
        self.workingDirectory = workingDirectory
        self.runner = runner
    }

    /// `DIR/slurm`: the script, the tasks' output and the submitted job ids.
    public static func folder(of directory: String) -> String { directory + "/slurm" }

    /// Where the script is written.
    public var path: String { Self.folder(of: directory) + "/sweep.sbatch" }

    /// Writes the script (atomically) and submits it with `sbatch`; returns the array's job id,
    /// also appended to `DIR/slurm/jobs` (one id a line, for `--status` and resubmission).
    public func submit() throws -> String {
        try PosixFile.makeFolder(Self.folder(of: directory))
        try AtomicFile.write(text, to: path)
        return try Self.submit(path, in: directory, options: [])
    }

    /// Submits the script already in `directory` again (`runkit sweep DIR --slurm --resubmit`) for
    /// `configs` configs left: an array of one task per config, at most `workers` (nil: the
    /// script's own array size), `parallel` at once (nil: the script's own throttle). Returns the
    /// new array's job id, appended to `DIR/slurm/jobs`, and its size. The script is not rewritten.
    ///
    /// ```swift
    /// let (job, tasks) = try SlurmBatchScript.resubmit(in: "/data/exp", configs: 10)   // sbatch --array=0-3%2 …
    /// ```
    public static func resubmit(in directory: String, configs: Int, workers: Int? = nil,
                                parallel: Int? = nil) throws -> (job: String, tasks: Int) {
        let path = folder(of: directory) + "/sweep.sbatch"
        guard let bytes = try PosixFileSystem.bytes(path) else {
            throw RunKitError(.storeNotFound, "\(path) does not exist: \(directory) was not submitted with runkit sweep --slurm.", path: path)
        }
        let array = Self.array(in: String(decoding: bytes, as: UTF8.self))
        let tasks = max(1, min(configs, workers ?? array.size ?? configs))
        let throttle = parallel ?? array.throttle
        return (try submit(path, in: directory, options: ["--array=0-\(tasks - 1)" + (throttle.map { "%\($0)" } ?? "")]), tasks)
    }

    /// The array job ids submitted for `directory` (`DIR/slurm/jobs`), oldest first.
    public static func submittedArrays(in directory: String) -> [String] {
        let text = (try? PosixFileSystem.bytes(folder(of: directory) + "/jobs")).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Submits `script` with `options` and appends the job id to `DIR/slurm/jobs`.
    private static func submit(_ script: String, in directory: String, options: [String]) throws -> String {
        let job = try Slurm.submit(script, options: options)
        let jobs = folder(of: directory) + "/jobs"
        let earlier = try PosixFileSystem.bytes(jobs).map { String(decoding: $0, as: UTF8.self) } ?? ""
        try AtomicFile.write(earlier + job + "\n", to: jobs)
        return job
    }

    /// The size and the `%K` throttle of the script's `#SBATCH --array=0-(W-1)%K` line, if any.
    static func array(in script: String) -> (size: Int?, throttle: Int?) {
        for line in script.split(separator: "\n") where line.hasPrefix("#SBATCH --array=") {
            let spec = line.dropFirst("#SBATCH --array=".count)
            let size = SlurmTask.indices(spec).count
            return (size > 0 ? size : nil, spec.split(separator: "%").dropFirst().first.flatMap { Int($0) })
        }
        return (nil, nil)
    }

    public var text: String {
        let folder = Self.folder(of: directory)
        var lines = [
            "#!/bin/bash",
            "# Written by `runkit sweep --slurm`: a job array of runners sharing the sweep log in",
            "# \(directory). Each task claims configs until none is left (and while another task's",
            "# claim may still be released or go stale, it waits to take it over). On USR1 (the time",
            "# limit is near, or preemption) a task stops its command, puts the config back to pending",
            "# and requeues itself; on TERM (scancel) it puts the config back and ends.",
            "# Submit again: sbatch \(ShellWord.quoted(path))    Run one runner by hand: bash \(ShellWord.quoted(path))",
        ]
        lines += slurm.sbatchOptions.map { "#SBATCH \($0)" }
        lines.append("#SBATCH --output=\(folder)/%A_%a.out")
        lines += ["", "cd \(ShellWord.quoted(workingDirectory)) || exit 1",
                  "# exec: USR1 (--signal=B:…) reaches the batch shell, which is then runkit itself.",
                  "exec " + ShellWord.line(runner), ""]
        return lines.joined(separator: "\n")
    }
}
