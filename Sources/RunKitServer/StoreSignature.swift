#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RunKit

/// What a store's files look like now, cheaply enough to ask every poll: equal signatures mean
/// nothing a load reads has changed.
///
/// - MLflow SQLite: the size, modification time and inode of the database and its `-wal` and
///   `-journal` files (every commit changes one of them).
/// - File stores (MLflow `mlruns/`, MLXP, malet): the same for every file and folder below the
///   store down to `maxDepth` levels, artifact folders left out (a run's own files are there:
///   `meta.yaml`, `metrics/*`, `params/*`, `tags/*`, MLXP's `metadata/*` and `metrics/*`, malet's
///   logs). The walk's cost is what `StoreWatcher` bounds the poll by.
///
/// ```swift
/// let before = StoreSignature.of(kind: .mlflowSQLite, path: "project/mlflow.db")
/// // … later …
/// if StoreSignature.of(kind: .mlflowSQLite, path: "project/mlflow.db") != before { /* reload */ }
/// ```
struct StoreSignature: Sendable, Hashable {
    /// A hash of every (path, kind, size, modification time, inode) seen.
    var digest: Int
    /// How many files and folders were looked at.
    var entries: Int

    /// Folders below a file store not walked: artifacts (written once, possibly huge) and hidden ones.
    static let skippedFolders: Set<String> = ["artifacts", ".trash"]
    /// How deep below a file store the walk goes (`mlruns/EXP/RUN/metrics/KEY` is 4).
    static let maxDepth = 5

    /// The signature of the store of `kind` opened at `path` now.
    static func of(kind: StoreKind, path: String) -> StoreSignature {
        var hasher = Hasher()
        var entries = 0
        if kind == .mlflowSQLite {
            let database = isFolder(path) ? path + "/mlflow.db" : path
            for file in [database, database + "-wal", database + "-journal"] {
                add(file, to: &hasher)
                entries += 1
            }
        } else {
            walk(path, depth: 0, into: &hasher, count: &entries)
        }
        return StoreSignature(digest: hasher.finalize(), entries: entries)
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Adds `path`'s stat to `hasher`; returns true when it is a folder.
    @discardableResult
    private static func add(_ path: String, to hasher: inout Hasher) -> Bool {
        var info = stat()
        hasher.combine(path)
        guard stat(path, &info) == 0 else {
            hasher.combine(-1)
            return false
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        hasher.combine(Int64(info.st_size))
        hasher.combine(Int64(modified.tv_sec))
        hasher.combine(Int64(modified.tv_nsec))
        hasher.combine(UInt64(info.st_ino))
        hasher.combine(UInt32(info.st_mode))
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func walk(_ path: String, depth: Int, into hasher: inout Hasher, count: inout Int) {
        count += 1
        guard add(path, to: &hasher), depth <= maxDepth, let entries = try? PosixFileSystem.entries(path) else { return }
        for entry in entries.sorted(by: { $0.name < $1.name }) where !entry.isSymbolicLink {
            if entry.isDirectory {
                if skippedFolders.contains(entry.name) { continue }
                walk(path + "/" + entry.name, depth: depth + 1, into: &hasher, count: &count)
            } else {
                count += 1
                add(path + "/" + entry.name, to: &hasher)
            }
        }
    }
}
