import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

extension MLflowFileStore: FolderStamping {
    /// The folders of a run folder whose files a load reads, walked for its stamp.
    static let stampedFolders = ["metrics", "params", "tags"]
    /// How deep a key's nested folders are walked (`metrics/val/acc` is 2).
    static let stampedDepth = 8

    /// One walk of the store: each run folder's stamp hashes the `stat` (size, times, inode) of
    /// its `meta.yaml`, of every file and folder below its `metrics/`, `params/` and `tags/`, and
    /// of `artifacts/.hydra/config.yaml` — a metric line appended, a status or lifecycle stage
    /// rewritten, a tag set, a config written each move it. The store's hash is that of every
    /// experiment's `meta.yaml` (a renamed or deleted experiment reads every run again). Experiments
    /// in `.trash` are not walked (their runs are deleted). Run keys are run folder names (the run
    /// ids MLflow names them by). `previous` is not needed: the walk sees everything.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        var store = Hasher()
        var folders: [String] = []
        guard let top = try PosixFileSystem.entries(root) else {
            throw RunKitError(.storeNotFound, "\(path) does not exist.", path: path)
        }
        let experiments = top.filter {
            $0.isDirectory && !$0.name.hasPrefix(".") && !Self.reservedRootFolders.contains($0.name)
        }.sorted { $0.name < $1.name }
        for experiment in experiments {
            let folder = root + "/" + experiment.name
            store.combine(experiment.name)
            store.combine(FileSignature.of(folder + "/meta.yaml"))
            for entry in (try? PosixFileSystem.entries(folder)) ?? [] where entry.isDirectory {
                if entry.name.hasPrefix(".") || MLflowExperimentFolder.reservedFolders.contains(entry.name) { continue }
                folders.append(folder + "/" + entry.name)
            }
        }
        let runFolders = folders
        let stamps = ParallelSlots.map(runFolders.count) { Self.stamp(ofRunFolder: runFolders[$0]) }
        var runs: [String: Int] = [:]
        runs.reserveCapacity(folders.count)
        for (index, folder) in folders.enumerated() { runs[TreeStamp.lastComponent(folder)] = stamps[index] }
        return RunStamps(runs: runs, store: store.finalize())
    }

    package var stampedRoot: String { root }

    package func runStamps(updating previous: RunStamps, runFolders: Set<String>) -> RunStamps {
        var stamps = previous
        stamps.touched = []
        for folder in runFolders {
            let name = TreeStamp.lastComponent(folder)
            guard !name.hasPrefix("."), !MLflowExperimentFolder.reservedFolders.contains(name) else { continue }
            stamps.runs[name] = PosixFileSystem.fileKind(folder) == .directory ? Self.stamp(ofRunFolder: folder) : nil
        }
        return stamps
    }

    /// A run folder's stamp (see `runStamps(after:)`).
    static func stamp(ofRunFolder folder: String) -> Int {
        var hasher = Hasher()
        hasher.combine(FileSignature.of(folder + "/meta.yaml"))
        for name in stampedFolders { TreeStamp.add(folder + "/" + name, maxDepth: stampedDepth, into: &hasher) }
        hasher.combine(FileSignature.of(folder + "/artifacts/.hydra/config.yaml"))
        return hasher.finalize()
    }

    /// A run's folder name (its run id when the folder is missing).
    package func stampKey(of run: Run) -> String {
        run.info.runDirectory.map(TreeStamp.lastComponent) ?? run.info.runID
    }

    package func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool { Self.naturalOrder(lhs, rhs) }

    /// Two levels: `EXP/RUN`.
    package var runFolderDepth: Int { 2 }

    /// Experiment folders, run folders, and below a run folder its `metrics/`, `params/`,
    /// `tags/` (with their nested key folders), `artifacts/` and `artifacts/.hydra/`.
    package func isWatched(_ components: [String]) -> Bool {
        guard let first = components.first, !first.hasPrefix("."), components.count <= 2 + Self.stampedDepth else { return false }
        switch components.count {
        case 1: return !Self.reservedRootFolders.contains(first)
        case 2: return !components[1].hasPrefix(".") && !MLflowExperimentFolder.reservedFolders.contains(components[1])
        default:
            let below = components[2...]
            guard let top = below.first, (Self.stampedFolders + ["artifacts"]).contains(top) else { return false }
            return top != "artifacts" || below.count == 1 || (below.count == 2 && below.last == ".hydra")
        }
    }
}
