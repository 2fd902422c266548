import Foundation

/// `runkit log merge`: one malet log from several (files, or sweep folders holding `log.tsv`
/// and/or `log_splits/split_<i>.tsv`), one row per config, replacing malet's `merge_tsv`.
/// Inputs are only read; the output is written atomically (temp file, fsync, rename).
///
/// ```swift
/// let report = try LogMerge.merge(["exp_a/log.tsv", "exp_b"], into: "merged/log.tsv")
/// report.rowsWritten   // configs in the merged log
/// ```
///
/// See `LogCombiner` for how rows of one config are chosen; ids are renumbered from 0.
public enum LogMerge {
    public static func merge(_ inputs: [String], into output: String, options: LogToolOptions = LogToolOptions()) throws -> LogToolReport {
        guard !inputs.isEmpty else { throw RunKitError(.invalidArgument, "Give the logs to merge after the output file.") }
        let groups = try inputs.map(logs(of:))
        let files = groups.flatMap { $0 }
        // The same file by another name too: a symbolic or hard link to an input.
        if let same = files.first(where: { StoreFootprint.isSameFile($0, output) }) {
            throw RunKitError(.invalidArgument, "The output \(output) is one of the inputs (\(same)); merge into a new file: inputs are never changed.", path: output)
        }
        if !options.overwrite, PosixFileSystem.fileKind(output) != .missing {
            throw RunKitError(.invalidArgument, "\(output) exists; pass --force to replace it (atomically).", path: output)
        }
        let outputFolder = (output as NSString).deletingLastPathComponent.isEmpty ? "." : (output as NSString).deletingLastPathComponent
        try PosixFile.makeFolder(outputFolder)
        return try SweepLogLock.hold(logs: files + [output], creating: [SweepLogLock.folder(ofLog: output)], wait: options.wait,
                                     staleAfter: options.staleAfter) {
            var combiner = LogCombiner()
            for group in groups { try add(group, to: &combiner) }
            let log = combiner.log()
            try AtomicFile.write(log.render(), to: output)
            return LogToolReport(inputs: files, rowsRead: combiner.rowsRead, rowsWritten: log.rows.count, written: [output], removed: [])
        }
    }

    /// The logs an input names: the file, or a folder's `log.tsv` then its splits in index order.
    static func logs(of input: String) throws -> [String] {
        switch PosixFileSystem.fileKind(input) {
        case .missing: throw RunKitError(.storeNotFound, "\(input) does not exist.", path: input)
        case .directory:
            var logs: [String] = []
            // The rows of a killed `runkit log resplit` (see `LogResplit`), first.
            if PosixFileSystem.fileKind(input + "/" + LogResplit.backupName) == .file { logs.append(input + "/" + LogResplit.backupName) }
            if PosixFileSystem.fileKind(input + "/log.tsv") == .file { logs.append(input + "/log.tsv") }
            logs += splitFiles(in: input).map(\.path)
            guard !logs.isEmpty else {
                throw RunKitError(.storeNotFound, "\(input) holds no malet log (log.tsv or log_splits/split_<i>.tsv).", path: input)
            }
            return logs
        default: return [input]
        }
    }

    /// `FOLDER/log_splits/split_<i>.tsv`, by index.
    static func splitFiles(in folder: String) -> [(index: Int, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/log_splits")) ?? []
        return names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix("split_"), name.hasSuffix(".tsv"), let index = Int(name.dropFirst(6).dropLast(4)) else { return nil }
            return (index, folder + "/log_splits/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    /// Adds one input's logs: a folder's splits interleaved (row 0 of each split, then row 1, …),
    /// which restores the grid order of a round-robin split.
    static func add(_ paths: [String], to combiner: inout LogCombiner) throws {
        var paths = paths
        if paths.count > 1, let first = paths.first, (first as NSString).lastPathComponent == LogResplit.backupName {
            try add([first], to: &combiner)
            paths.removeFirst()
        }
        var files: [ExperimentLogFile] = []
        for path in paths {
            guard let file = try ExperimentLogFile.read(path) else { throw RunKitError(.storeNotFound, "\(path) does not exist.", path: path) }
            try combiner.adopt(file, path: path)
            files.append(file)
        }
        let splitsStart = paths.first.map { ($0 as NSString).lastPathComponent == "log.tsv" && paths.count > 1 } == true ? 1 : 0
        for file in files.prefix(splitsStart) {
            for row in file.rows { combiner.add(row: row, of: file) }
        }
        let splits = Array(files.dropFirst(splitsStart))
        let longest = splits.map(\.rows.count).max() ?? 0
        for position in 0..<longest {
            for file in splits where position < file.rows.count { combiner.add(row: file.rows[position], of: file) }
        }
    }
}
