@_spi(RunKitInternals) import RunKitSupport

/// Hashes what `stat` says of a file or folder and of everything below it, for a run's stamp
/// (`RunStamping`): a file appended to, rewritten, created, removed or renamed below the path
/// moves the hash. Only `stat`s and folder listings: nothing is read.
///
/// ```swift
/// var hasher = Hasher()
/// TreeStamp.add("logs/3/metrics", maxDepth: 8, into: &hasher)
/// let stamp = hasher.finalize()
/// ```
enum TreeStamp {
    /// Adds the signature of `path` and, for a folder, the names and signatures of everything
    /// below it (sorted by name), down to `maxDepth` folders below `path`.
    static func add(_ path: String, maxDepth: Int, into hasher: inout Hasher) {
        add(path, depth: 0, maxDepth: maxDepth, into: &hasher)
    }

    private static func add(_ path: String, depth: Int, maxDepth: Int, into hasher: inout Hasher) {
        let signature = FileSignature.of(path)
        hasher.combine(signature)
        guard signature.kind == .directory, depth < maxDepth,
              let entries = try? PosixFileSystem.entries(path) else { return }
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            hasher.combine(entry.name)
            add(path + "/" + entry.name, depth: depth + 1, maxDepth: maxDepth, into: &hasher)
        }
    }

    /// The last component of `path` (`/data/logs/3` → `3`).
    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
