#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What an MLflow SQLite store's files look like now, cheaply enough to ask every poll: the size,
/// modification time and inode of the database and its `-wal` and `-journal` files (every commit
/// changes one of them). Equal signatures mean no commit since; a moved one sends the poll to the
/// run stamps (`RunStamping`). The other stores take none: file stores' run stamps look at their
/// files themselves (watched by inotify, else walked), and remote stores are read again.
///
/// ```swift
/// let before = StoreSignature.of(database: "project/mlflow.db")
/// // … later …
/// if StoreSignature.of(database: "project/mlflow.db") != before { /* ask the database */ }
/// ```
struct StoreSignature: Sendable, Hashable {
    /// A hash of each file's (path, size, modification time, inode, mode).
    var digest: Int

    /// The signature of the MLflow SQLite database at `path` (its file, or a folder holding `mlflow.db`) now.
    static func of(database path: String) -> StoreSignature {
        var hasher = Hasher()
        let database = isFolder(path) ? path + "/mlflow.db" : path
        for file in [database, database + "-wal", database + "-journal"] { add(file, to: &hasher) }
        return StoreSignature(digest: hasher.finalize())
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Adds `path`'s stat to `hasher` (-1 when it is not there).
    private static func add(_ path: String, to hasher: inout Hasher) {
        var info = stat()
        hasher.combine(path)
        guard stat(path, &info) == 0 else {
            hasher.combine(-1)
            return
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
    }
}
