import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

extension MLXPStore: FolderStamping {
    /// How deep below `artifacts/` folders are stamped (`artifacts/pickle/summaries` is 2).
    static let stampedArtifactDepth = 8

    /// One walk of the log folder: each numbered run folder's stamp hashes the `stat` of what a
    /// load reads there — `metadata/` and its files (`info.yaml` is rewritten when the status
    /// changes), `metrics/` and its `<log>.json` files (a line appended per `log_metrics`), and
    /// every file and folder below `artifacts/` (listed into `info.raw`). Run keys are the folder
    /// numbers (the run ids). MLXP has one experiment, the log folder: the store's hash is its name.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        let numbers = try runFolderNumbers()
        let stamps = ParallelSlots.map(numbers.count) { Self.stamp(ofRunFolder: root + "/" + String(numbers[$0])) }
        var runs: [String: Int] = [:]
        runs.reserveCapacity(numbers.count)
        for (index, number) in numbers.enumerated() { runs[String(number)] = stamps[index] }
        var store = Hasher()
        store.combine(experimentName)
        return RunStamps(runs: runs, store: store.finalize())
    }

    package var stampedRoot: String { root }

    /// One level: the numbered run folders sit in the log folder.
    package var runFolderDepth: Int { 1 }

    package func runStamps(updating previous: RunStamps, runFolders: Set<String>) -> RunStamps {
        var stamps = previous
        stamps.touched = []
        for folder in runFolders {
            let name = TreeStamp.lastComponent(folder)
            guard Self.isRunNumber(name), let number = Int(name) else { continue }
            // The key is the number as the run id prints it (`007` is run 7).
            stamps.runs[String(number)] = PosixFileSystem.fileKind(folder) == .directory ? Self.stamp(ofRunFolder: folder) : nil
        }
        return stamps
    }

    /// The numbered run folders, and below one its `metadata/`, `metrics/`, `artifacts/` and the
    /// folders below `artifacts/` (hidden ones, MLXP's `.keys/`, left out).
    package func isWatched(_ components: [String]) -> Bool {
        guard let first = components.first, Self.isRunNumber(first) else { return false }
        guard components.count > 1 else { return true }
        if components[1...].contains(where: { $0.hasPrefix(".") }) { return false }
        switch components[1] {
        case "metadata", "metrics": return components.count == 2
        case "artifacts": return components.count <= 2 + Self.stampedArtifactDepth
        default: return false
        }
    }

    /// A run folder's stamp (see `runStamps(after:)`).
    static func stamp(ofRunFolder folder: String) -> Int {
        var hasher = Hasher()
        TreeStamp.add(folder + "/metadata", maxDepth: 1, into: &hasher)
        TreeStamp.add(folder + "/metrics", maxDepth: 1, into: &hasher)
        TreeStamp.add(folder + "/artifacts", maxDepth: stampedArtifactDepth, into: &hasher)
        return hasher.finalize()
    }

    package func stampKey(of run: Run) -> String { run.info.runID }

    /// Run ids ascending as numbers, as `loadRuns` gives them.
    package func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool {
        (Int(lhs.info.runID) ?? 0) < (Int(rhs.info.runID) ?? 0)
    }

    /// A warning about a file or folder inside the run folder numbered by one of `keys`.
    package func concerns(_ warning: LoadWarning, runKeys keys: Set<String>) -> Bool {
        guard warning.path.hasPrefix(root + "/") else { return false }
        let folder = warning.path.dropFirst(root.count + 1).prefix { $0 != "/" }
        return Int(folder).map { keys.contains(String($0)) } ?? false
    }
}
