import RunKitSupport

/// The signatures of the files and folders a run was read from, relative to one folder: the
/// index's proof that a cached run is still what its store holds. Folders are included, so a
/// file added or removed is noticed through its folder's times.
///
/// ```swift
/// let print = FileSetFingerprint.walk(runFolder, rule: .mlflowRun)
/// let stillValid = print.matches(under: runFolder)   // one stat per path
/// ```
struct FileSetFingerprint: Sendable {
    /// How a walk treats the entries of a kind of run folder.
    struct Rule: Sendable {
        /// Whether a walk records (and, for a folder, enters) a path relative to the run folder
        /// (`metrics/loss`).
        let includes: @Sendable (_ relativePath: String, _ isDirectory: Bool) -> Bool
        /// Paths recorded whether or not they exist (a config file that may appear later).
        let alwaysRecorded: [String]

        /// MLflow file-store run folders: everything but the artifacts, plus HydraFlow's config.
        /// Param files are checked through their folder only: MLflow writes a param once and
        /// refuses to change it, so a param can be added (the folder changes) but not rewritten.
        static let mlflowRun = Rule(includes: { path, isDirectory in
            path != "artifacts" && (isDirectory || !path.hasPrefix("params/"))
        }, alwaysRecorded: ["artifacts/.hydra/config.yaml"])

        /// MLXP run folders: metadata and metrics files; artifact folders only (RunKit lists
        /// artifact names, it does not read them).
        static let mlxpRun = Rule(includes: { path, isDirectory in
            isDirectory || !path.hasPrefix("artifacts/")
        }, alwaysRecorded: [])
    }

    /// (path relative to the folder, "" for the folder itself; its signature).
    var entries: [(path: String, signature: FileSignature)]

    /// Walks `folder` by `rule`, recording every visited path's signature. Paths are looked up
    /// relative to the folder, held open (as `matches(under:)` does): an absolute path would
    /// make the kernel walk every component of it again for each of the ~26 files of a run.
    static func walk(_ folder: String, rule: Rule) -> FileSetFingerprint {
        guard let open = OpenFolder(folder) else { return FileSetFingerprint(entries: [("", .missing)]) }
        var entries: [(String, FileSignature)] = [("", open.signature(relative: ""))]
        func descend(_ relative: String) {
            let absolute = relative.isEmpty ? folder : folder + "/" + relative
            // A folder that cannot be listed counts by its own signature; the reader reports the error.
            guard let listed = try? PosixFileSystem.entries(absolute) else { return }
            for entry in listed.sorted(by: { $0.name < $1.name }) {
                let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                guard rule.includes(path, entry.isDirectory) else { continue }
                entries.append((path, open.signature(relative: path)))
                // A linked folder is not entered, as the run readers do not enter it (no loops).
                if entry.isDirectory && !entry.isSymbolicLink { descend(path) }
            }
        }
        descend("")
        for path in rule.alwaysRecorded where !entries.contains(where: { $0.0 == path }) {
            entries.append((path, open.signature(relative: path)))
        }
        return FileSetFingerprint(entries: entries)
    }

    /// True when every recorded path still has its recorded signature. The folder is opened
    /// once and the paths are checked relative to it.
    func matches(under folder: String) -> Bool {
        guard let open = OpenFolder(folder) else { return false }   // the run folder is gone
        return entries.allSatisfy { open.signature(relative: $0.path) == $0.signature }
    }

    /// True when some path changed at or after `instant`: such a fingerprint cannot be trusted.
    func isRecent(since instant: Int64) -> Bool {
        entries.contains { $0.signature.isRecent(since: instant) }
    }

    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: entries.count * 40)
        writer.write(count: entries.count)
        for entry in entries {
            writer.write(entry.path)
            entry.signature.write(into: &writer)
        }
        return writer.bytes
    }

    init(entries: [(path: String, signature: FileSignature)]) { self.entries = entries }

    /// Reads what `bytes` wrote.
    init(bytes: UnsafeRawBufferPointer) throws {
        var reader = ByteReader(bytes)
        let count = try reader.count()
        var entries: [(path: String, signature: FileSignature)] = []
        entries.reserveCapacity(count)
        for _ in 0..<count { entries.append((try reader.string(), try FileSignature.read(&reader))) }
        guard reader.isAtEnd else { throw ByteReader.Truncated() }
        self.entries = entries
    }
}
