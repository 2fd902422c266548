import Foundation
import RunKitModel
import RunKitSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files and folders of a store being read, so that nothing RunKit writes (an export, a
/// plot, an index) lands on them: `check(_:)` refuses an output path that is one of the store's
/// files or lies inside one of its folders.
///
/// What belongs to a store is what its tool writes:
/// - MLflow SQLite: the database and its side files (`-wal`, `-shm`, `-journal`), the `mlruns/`
///   folder beside it (MLflow's default artifact root) and every run folder read from it;
/// - an MLflow file store: its `mlruns/` folder;
/// - MLXP: the log folder (`logs/`);
/// - malet: each experiment folder read (`exp_config.yaml`, `log.tsv`, `log_splits/`), or the
///   single `.tsv` log given.
///
/// A folder that only holds a store (a HydraFlow project holding `mlflow.db` and `mlruns/`) is
/// not the store: `runkit export project -o project/runs.csv` writes there.
///
/// An output path is compared after resolving symbolic links (of its folders and of the file
/// itself) and, when it exists, by device and inode, so a hard link to the database is refused too.
///
/// ```swift
/// var footprint = StoreFootprint(try RunStore.open("project"))
/// try footprint.check("project/mlflow.db")      // throws: a file of the store being read
/// footprint.add(runs)                           // the run folders of the runs loaded
/// try footprint.check("runs.csv")               // fine
/// ```
package struct StoreFootprint: Sendable {
    /// Files of the store (absolute paths; some may not exist, like a database's `-wal`).
    package private(set) var files: [String] = []
    /// Folders of the store: everything inside them is the store's (absolute paths).
    package private(set) var folders: [String] = []

    /// The files and folders `reader` reads (an `IndexedStore`'s underlying store's).
    package init(_ reader: any RunStoreReader) {
        let store = (reader as? IndexedStore)?.base ?? reader
        let path = PosixFileSystem.absolute(store.path)
        switch store {
        case let sqlite as MLflowSQLiteStore:
            files = ["", "-wal", "-shm", "-journal"].map { path + $0 }
            let artifacts = sqlite.rootDirectory + "/mlruns"
            if PosixFileSystem.fileKind(artifacts) == .directory { folders.append(PosixFileSystem.absolute(artifacts)) }
        case is MLflowFileStore, is MLXPStore:
            folders = [path]
        default:
            // malet: a log file given, or folders whose experiment folders come with the runs.
            if PosixFileSystem.fileKind(path) == .file { files = [path] }
        }
    }

    /// An explicit footprint, e.g. the input logs of `runkit log merge`.
    package init(files: [String], folders: [String] = []) {
        self.files = files.map(PosixFileSystem.absolute)
        self.folders = folders.map(PosixFileSystem.absolute)
    }

    /// Adds the folders of `runs` (`run_dir`, `artifacts_dir`) that are not inside a folder
    /// already known: run folders outside `mlruns/`, malet experiment folders.
    package mutating func add(_ runs: [Run]) {
        var known = Set(folders)
        for run in runs {
            for folder in [run.info.runDirectory, run.info.artifactsDirectory] {
                guard let folder, !folder.isEmpty else { continue }
                let absolute = PosixFileSystem.absolute(folder)
                if known.contains(absolute) || folders.contains(where: { absolute.hasPrefix($0 + "/") }) { continue }
                known.insert(absolute)
                folders.append(absolute)
            }
        }
    }

    /// Throws `invalidArgument` when writing `output` would write onto the store: it is (or links
    /// to) one of its files, or lies inside one of its folders.
    package func check(_ output: String) throws {
        guard let conflict = conflict(output) else { return }
        throw RunKitError(.invalidArgument, "Refusing to write \(output): \(conflict); write it outside the store.", path: output)
    }

    /// Why writing `output` would write onto the store (`it is X, a file of the store being
    /// read`, `it is inside X, a folder of the store being read`), or nil when it would not.
    package func conflict(_ output: String) -> String? {
        let target = Self.resolved(output)
        let identity = Self.identity(of: target)
        for file in files where Self.resolved(file) == target || (identity != nil && identity == Self.identity(of: file)) {
            return "it is \(file), a file of the store being read"
        }
        guard !folders.isEmpty else { return nil }
        // The folders holding the output, by device and inode: a store folder among them holds it.
        var holders = Set<FileIdentity>()
        var folder = (target as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            if let id = Self.identity(of: folder) { holders.insert(id) }
            if folder == "/" { break }
            folder = (folder as NSString).deletingLastPathComponent
        }
        for folder in folders {
            if let id = Self.identity(of: folder), holders.contains(id) {
                return "it is inside \(folder), a folder of the store being read"
            }
        }
        return nil
    }

    /// True when `a` and `b` name the same file: the same path once links are resolved, or the
    /// same device and inode (a hard link).
    package static func isSameFile(_ a: String, _ b: String) -> Bool {
        if resolved(a) == resolved(b) { return true }
        guard let first = identity(of: a) else { return false }
        return first == identity(of: b)
    }

    /// A file's device and inode.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The absolute path `path` writes to: links at its end followed (as `AtomicFile` does), its
    /// folder's real path (every link in it resolved), its name.
    static func resolved(_ path: String) -> String {
        let target = PosixFileSystem.absolute(AtomicFile.resolvingLinks(PosixFileSystem.absolute(path)))
        let folder = (target as NSString).deletingLastPathComponent
        guard let resolvedFolder = PosixFileSystem.realPath(folder) else { return target }
        let name = (target as NSString).lastPathComponent
        return resolvedFolder == "/" ? "/" + name : resolvedFolder + "/" + name
    }
}
