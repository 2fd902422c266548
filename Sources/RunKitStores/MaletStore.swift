import Foundation
import RunKitFormats
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

/// Reads malet experiments: each row of a malet log is a run.
///
/// ```
/// exp/exp_config.yaml              the grid (only a sign that the folder is an experiment)
/// exp/log.tsv                      the log: YAML header of static configs + one row per config
/// exp/log_splits/split_<i>.tsv     the logs of a split run (total_splits=N), read together
/// ```
///
/// The store is one of:
/// - an experiment folder (`exp_config.yaml` with `log.tsv` and/or `log_splits/*.tsv`);
/// - a folder of experiment folders (malet's `exps/`), one experiment each;
/// - one `.tsv` log (a split, a copy): its experiment is the folder above holding `exp_config.yaml`.
///
/// ```swift
/// let store = try MaletStore(path: "exps/exp_group_resume")
/// let result = try store.loadRuns()
/// for warning in result.warnings { print(warning) }
/// let run = result.runs[0]
/// run.config["lr"], run.metric("best_acc"), try run.history("train_loss")
/// ```
///
/// - Rows map to runs as `MaletRunMapping` says (run ids, names, status, times, typed metrics,
///   list metrics as histories); values are typed as malet intends (`MaletLog`).
/// - Only `log.tsv` and `log_splits/*.tsv` belong to an experiment; other files (`snapshots/`,
///   `logs_backup.tsv`, `log.tsv.lock`) are not read.
/// - Run ids are unique in the store: the row's `id`, after `split_<i>/` in a split log, and
///   after `<experiment>/` when the store is a folder of experiments (`exp_splits/split_0/3`).
/// - Natural order: experiments by folder name; in one experiment `log.tsv`, then the splits by
///   index (`split_2` before `split_10`); in a file, row order (malet appends a re-run config's
///   row at the end).
/// - Log files load in parallel, each read once; a read by run ids (`LoadOptions.runIDs`) reads
///   only the log files that can hold them. A store of one log file reports a bad file or
///   row as an error naming the file and line; a store of several reports it as a `LoadWarning`
///   and loads the rest. A file malet is rewriting (empty, cut in its header, or a last row
///   without its newline) is not an error: the rows it holds whole are read, with a warning
///   saying the rest is still being written. malet has no deleted runs: `RunView.deletedOnly` gives none. Nothing is
///   ever written into the store.
public struct MaletStore: RunStoreReader {
    public var kind: StoreKind { .malet }
    /// The path the store was opened at.
    public let path: String
    /// `path` made absolute, without a trailing `/`.
    let root: String
    private let layout: Layout

    private enum Layout: Sendable {
        case logFile
        case experimentFolder
        case experimentsFolder
    }

    /// One experiment and its log files in natural order.
    struct ExperimentLogs: Sendable {
        var source: MaletRunMapping.Source
        var files: [(path: String, idPrefix: String)]
    }

    /// Opens the experiment folder, folder of experiments, or `.tsv` log at `path`.
    /// Throws `storeNotFound` when nothing is there, `unknownStoreKind` when it is not malet's.
    public init(path: String) throws {
        self.path = path
        self.root = PosixFileSystem.absolute(path)
        switch PosixFileSystem.fileKind(root) {
        case .missing:
            throw RunKitError(.storeNotFound, "\(path) does not exist.", path: path)
        case .file:
            guard Self.isLogFile(root) else {
                throw RunKitError(.unknownStoreKind, "\(path) is not a malet log: its first line is not [Static Configs].", path: path)
            }
            layout = .logFile
        default:
            if Self.isExperimentFolder(root) {
                layout = .experimentFolder
            } else if try !Self.experimentFolders(in: root).isEmpty {
                layout = .experimentsFolder
            } else {
                throw RunKitError(.unknownStoreKind, "\(path) is not a malet experiment: expected a folder holding exp_config.yaml with log.tsv or log_splits/, a folder of such folders, or a .tsv log.", path: path)
            }
        }
    }

    /// True for a malet experiment folder, a folder holding experiment folders, or a file whose
    /// first line is `[Static Configs]`. Reads at most the first line of a file.
    public static func isMaletStore(_ path: String) -> Bool {
        switch PosixFileSystem.fileKind(path) {
        case .file: return isLogFile(path)
        // Probing: a folder that cannot be listed is not recognised here; opening it names the error.
        case .directory: return isExperimentFolder(path) || !((try? experimentFolders(in: path))?.isEmpty ?? true)
        default: return false
        }
    }

    /// The experiments, by folder name.
    public func experiments() throws -> [Experiment] {
        try scan().map(\.source.experiment)
    }

    /// The selected runs in natural order, with a warning for each file or row skipped.
    public func loadRuns(_ options: LoadOptions = LoadOptions()) throws -> LoadResult {
        let experiments = try scan()
        let strict = layout == .logFile || experiments.reduce(0) { $0 + $1.files.count } == 1
        guard options.view != .deletedOnly else { return LoadResult(runs: []) }
        let jobs = experiments.filter { options.experiments.matches($0.source.experiment.name) }
            .flatMap { logs in logs.files.map { (path: $0.path, source: withPrefix(logs.source, $0.idPrefix)) } }
            .filter { job in options.runIDs.map { ids in ids.contains { Self.isRow($0, ofLogPrefixed: job.source.idPrefix) } } ?? true }
        let outcomes = ParallelSlots.map(jobs.count) { index in
            Self.load(jobs[index].path, source: jobs[index].source, runIDs: options.runIDs, strict: strict)
        }
        var result = LoadResult(runs: [])
        for outcome in outcomes {
            switch outcome {
            case .success(let loaded):
                result.runs.append(contentsOf: loaded.runs)
                result.warnings.append(contentsOf: loaded.warnings)
            case .failure(let error):
                if strict { throw error }
                var warning = LoadWarning.from(error, path: error.path ?? path)
                warning.message = Self.sentence(warning.message, adding: "the file was skipped")
                result.warnings.append(warning)
            }
        }
        return result
    }

    func withPrefix(_ source: MaletRunMapping.Source, _ prefix: String) -> MaletRunMapping.Source {
        var copy = source
        copy.idPrefix += prefix
        return copy
    }

    /// One log file read and mapped; in a multi-file store its bad rows are warnings.
    private static func load(_ file: String, source: MaletRunMapping.Source, runIDs: Set<String>?,
                             strict: Bool) -> Result<(runs: [Run], warnings: [LoadWarning]), RunKitError> {
        do {
            guard let bytes = try PosixFileSystem.bytes(file) else {
                throw RunKitError(.unreadableFile, "\(file) does not exist.", path: file)
            }
            let log: MaletLog
            do {
                log = try MaletLog.parse(bytes, path: file)
            } catch is RunKitError where bytes.last != 0x0A {
                // malet rewrites the whole file: one cut short of its rows is being written, not broken.
                let state = bytes.isEmpty ? "is empty" : "ends inside its header, without a final newline"
                return .success(([], [LoadWarning(path: file, message: "\(file) \(state): it is still being written, and was skipped.", kind: bytes.isEmpty ? .damage : .note)]))
            }
            if strict, let error = log.rowErrors.first { return .failure(error) }
            var (runs, warnings) = MaletRunMapping.runs(of: log, source: source, runIDs: runIDs)
            warnings.insert(contentsOf: log.rowErrors.map {
                LoadWarning(path: file, message: sentence($0.description, adding: "the row was skipped"))
            }, at: 0)
            if let line = log.partialLastLine {
                warnings.append(.note(path: file, message: "\(file), line \(line): the last row has no newline yet: it is still being written, and was not read."))
            }
            return .success((runs, warnings))
        } catch let error as RunKitError {
            return .failure(error)
        } catch {
            return .failure(RunKitError(.unreadableFile, "Cannot read \(file): \(error).", path: file))
        }
    }

    /// True when the run id `id` can name a row of the log whose ids start with `prefix`
    /// (`split_0/3` of `split_0/`, `3` of ``, not `split_0/3` of ``): a read by run ids reads
    /// only the logs that can hold them.
    static func isRow(_ id: String, ofLogPrefixed prefix: String) -> Bool {
        id.hasPrefix(prefix) && !id.dropFirst(prefix.count).contains("/")
    }

    /// `"A, line 3: B."` + `"C"` → `"A, line 3: B; C."`.
    private static func sentence(_ message: String, adding clause: String) -> String {
        (message.hasSuffix(".") ? String(message.dropLast()) : message) + "; " + clause + "."
    }

    // MARK: Layout

    /// The experiments and their log files.
    func scan() throws -> [ExperimentLogs] {
        switch layout {
        case .experimentFolder:
            return [try Self.logs(ofExperiment: root)]
        case .experimentsFolder:
            // Row ids repeat across experiments: here they start with the experiment's name.
            return try Self.experimentFolders(in: root).map { name in
                var logs = try Self.logs(ofExperiment: root + "/" + name)
                logs.source.idPrefix = name + "/"
                return logs
            }
        case .logFile:
            let file = URL(fileURLWithPath: root)
            let parent = file.deletingLastPathComponent()
            let grandparent = parent.deletingLastPathComponent()
            let folder = [parent, grandparent].first { PosixFileSystem.fileKind($0.path + "/exp_config.yaml") == .file } ?? parent
            let prefix = parent.lastPathComponent == "log_splits" ? file.deletingPathExtension().lastPathComponent + "/" : ""
            let name = folder.lastPathComponent
            let source = MaletRunMapping.Source(experiment: Experiment(id: name, name: name), folder: folder.path, idPrefix: "")
            return [ExperimentLogs(source: source, files: [(root, prefix)])]
        }
    }

    /// `log.tsv`, then `log_splits/*.tsv` by split index.
    private static func logs(ofExperiment folder: String) throws -> ExperimentLogs {
        let name = URL(fileURLWithPath: folder).lastPathComponent
        var files: [(path: String, idPrefix: String)] = []
        if PosixFileSystem.fileKind(folder + "/log.tsv") == .file { files.append((folder + "/log.tsv", "")) }
        let splits = try PosixFileSystem.entries(folder + "/log_splits") ?? []
        let stems = splits.filter { $0.isFile && $0.name.hasSuffix(".tsv") }.map { String($0.name.dropLast(4)) }
        for stem in stems.sorted(by: splitOrder) { files.append((folder + "/log_splits/" + stem + ".tsv", stem + "/")) }
        return ExperimentLogs(source: MaletRunMapping.Source(experiment: Experiment(id: name, name: name), folder: folder, idPrefix: ""),
                              files: files)
    }

    /// `split_<n>` by n, then other names by text.
    private static func splitOrder(_ lhs: String, _ rhs: String) -> Bool {
        func index(_ stem: String) -> Int? { stem.hasPrefix("split_") ? Int(stem.dropFirst(6)) : nil }
        switch (index(lhs), index(rhs)) {
        case let (l?, r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return lhs < rhs
        }
    }

    private static func isExperimentFolder(_ folder: String) -> Bool {
        PosixFileSystem.fileKind(folder + "/exp_config.yaml") == .file
            && (PosixFileSystem.fileKind(folder + "/log.tsv") == .file || PosixFileSystem.fileKind(folder + "/log_splits") == .directory)
    }

    /// The names of the experiment folders directly inside `folder`, sorted.
    private static func experimentFolders(in folder: String) throws -> [String] {
        let entries = try PosixFileSystem.entries(folder) ?? []
        return entries.filter { $0.isDirectory && !$0.name.hasPrefix(".") && isExperimentFolder(folder + "/" + $0.name) }
            .map(\.name).sorted()
    }

    /// True when the file's first line is `[Static Configs]`.
    private static func isLogFile(_ path: String) -> Bool {
        // Probing a file's kind: one that cannot be read is not a malet log (opening it as one
        // names the error); a failed close of a read-only handle loses nothing.
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 18)) ?? Data()
        let marker = Array("[Static Configs]".utf8)
        return head.starts(with: marker + [0x0A]) || head.starts(with: marker + [0x0D, 0x0A])
    }
}
