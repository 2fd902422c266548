import Foundation

/// `runkit log resplit`: redistributes every row of a sweep folder (`log.tsv` and/or
/// `log_splits/split_<i>.tsv`) into `log_splits/split_<i>.tsv`, i < N, by malet's round-robin
/// rule (config *k* of the grid goes to split `k % N`), replacing malet's `resplit_logs`.
///
/// ```swift
/// let report = try LogResplit.resplit("exps/mlp", splits: 4)
/// report.written   // exps/mlp/log_splits/split_0.tsv … split_3.tsv
/// ```
///
/// Config order is the grid's in `exp_config.yaml` (rows of configs not in it follow, in row
/// order), else the row order (splits interleaved). Nothing is lost if the process dies at any
/// point: every row is first written to `FOLDER/.resplit-backup.tsv`, every output to a
/// temporary file, each fsynced; only then are the outputs renamed into place, then the old
/// splits beyond N and `log.tsv` removed, and the backup last. A killed resplit leaves every row
/// in some file (at worst only in the backup, or in two files; readers keep the best), and
/// running it again completes it.
public enum LogResplit {
    /// The file recording the number of splits of `log_splits/` (written by runners and resplit).
    static let countFile = ".runkit-splits"
    /// Every row, kept in the sweep folder while a resplit replaces files (read by merge and
    /// resplit when a killed resplit left it).
    static let backupName = ".resplit-backup.tsv"

    public static func resplit(_ folder: String, splits count: Int, options: LogToolOptions = LogToolOptions()) throws -> LogToolReport {
        try resplit(folder, splits: count, options: options, step: { _ in })
    }

    /// `step` is called after each durable change (a test stops there, as a `kill -9` would).
    static func resplit(_ folder: String, splits count: Int, options: LogToolOptions,
                        step: (String) throws -> Void) throws -> LogToolReport {
        guard count >= 1 else { throw RunKitError(.invalidArgument, "--splits must be 1 or more, not \(count).") }
        guard PosixFileSystem.fileKind(folder) == .directory else {
            throw RunKitError(.storeNotFound, "\(folder) is not a sweep folder.", path: folder)
        }
        let inputs = try LogMerge.logs(of: folder)
        let splitsFolder = folder + "/log_splits"
        let outputs = (0..<count).map { splitsFolder + "/split_\($0).tsv" }
        return try SweepLogLock.hold(logs: inputs + outputs, creating: [folder], wait: options.wait, staleAfter: options.staleAfter) {
            // Read again under the lock: a runner may have written since.
            let inputs = try LogMerge.logs(of: folder)
            var combiner = LogCombiner()
            try LogMerge.add(inputs, to: &combiner)
            let positions = try order(combiner, folder: folder)
            var shares = Array(repeating: [Int](), count: count)
            for (row, position) in positions.enumerated() { shares[position % count].append(row) }
            // Rows keep their relative order within a split.
            try PosixFile.makeFolder(splitsFolder)
            removeLeftovers(in: splitsFolder)
            // Renaming a new split over an old one drops the old one's rows that belong to splits
            // not renamed yet: keep every row in one file until all are in place.
            let backup = folder + "/" + backupName
            if !inputs.contains(backup) {
                try AtomicFile.write(combiner.log().render(), to: backup)
                try step("wrote \(backup)")
            }
            var temporaries: [String] = []
            for (index, share) in shares.enumerated() {
                let temporary = splitsFolder + "/.resplit.split_\(index).tsv.tmp"
                try AtomicFile.writeDurably(combiner.log(rows: share).render(), to: temporary)
                temporaries.append(temporary)
                try step("wrote \(temporary)")
            }
            AtomicFile.syncFolder(of: outputs[0])
            for (temporary, output) in zip(temporaries, outputs) {
                try AtomicFile.renameDurably(temporary, to: output)
                try step("renamed \(output)")
            }
            try AtomicFile.write("\(count)\n", to: splitsFolder + "/" + countFile)
            try step("recorded \(count) splits")
            var removed: [String] = []
            for old in inputs where !outputs.contains(old) && old != backup {
                try AtomicFile.removeDurably(old)
                // A dead runner's claims on a log that is gone mean nothing.
                try AtomicFile.removeDurably(old + ".claims.json")
                removed.append(old)
                try step("removed \(old)")
            }
            try AtomicFile.removeDurably(backup)
            try step("removed \(backup)")
            return LogToolReport(inputs: inputs.filter { $0 != backup }, rowsRead: combiner.rowsRead, rowsWritten: combiner.count, written: outputs, removed: removed)
        }
    }

    /// Each combined row's config position: its first index in the grid of `exp_config.yaml`,
    /// after the grid for rows of other configs, or its row order when there is no grid file.
    static func order(_ combiner: LogCombiner, folder: String) throws -> [Int] {
        let gridFile = folder + "/exp_config.yaml"
        guard PosixFileSystem.fileKind(gridFile) == .file else { return Array(0..<combiner.count) }
        let grid = try Grid.load(gridFile)
        var first: [String: Int] = [:]
        for (index, point) in grid.points.enumerated() where first[LogRowKey.of(point)] == nil {
            first[LogRowKey.of(point)] = index
        }
        var next = grid.points.count
        return combiner.keys.map { key in
            if let index = first[key] { return index }
            defer { next += 1 }
            return next
        }
    }

    /// Temporary files of a resplit that was killed.
    static func removeLeftovers(in splitsFolder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: splitsFolder)) ?? []
        where name.hasPrefix(".resplit.") && name.hasSuffix(".tmp") {
            unlink(splitsFolder + "/" + name)
        }
    }

    /// The recorded number of splits of a folder's `log_splits/`, if any.
    static func recordedCount(in folder: String) -> Int? {
        guard let bytes = try? PosixFileSystem.bytes(folder + "/log_splits/" + countFile) else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
