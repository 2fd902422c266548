import Foundation
import RunKitStores
@_spi(RunKitInternals) import RunKitSupport

/// Where the runs of a tracking server are kept between questions (docs/remote.md, "The cache"):
/// a folder per server below RunKit's cache folder (`RUNKIT_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/runkit`, else `~/.cache/runkit`, as the index's), `remote/<host>-<port>-<hash>`,
/// one file per experiment. The folder is named by the server's address without credentials
/// (scheme, host, port, path; the user name of basic auth joins the key, never a password or
/// token), made private to the user (mode 0700), and every file is written whole and renamed
/// into place (`AtomicFile`): a killed process leaves the old file or the new one, and a file
/// torn any other way is not read (`CachedExperiment`) but fetched again and rewritten.
///
/// ```swift
/// let cache = RemoteRunCache(server: "http://127.0.0.1:5000")
/// let cached = cache.read(experimentID: "1")
/// ```
struct RemoteRunCache: Sendable {
    /// The address the cache is kept for: scheme, host, port and path, no credentials.
    let key: String
    /// The folder of this server's files.
    let directory: String

    /// The cache of the server at `server` (an `http(s)://` address), in the folder the
    /// environment names (see the type's description).
    init(server: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        key = Self.key(server, user: environment["MLFLOW_TRACKING_TOKEN"].map { _ in nil } ?? environment["MLFLOW_TRACKING_USERNAME"])
        var hash = FNV1a()
        hash.add(key.utf8)
        let components = URLComponents(string: server)
        let readable = [components?.host, components?.port.map(String.init)].compactMap { $0 }
            .map { String($0.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") ? $0 : "_" }) }
        directory = IndexLocation.standard(environment: environment).directory + "/remote/" + (readable + [hash.hex]).joined(separator: "-")
    }

    /// `server` as the cache's key: lowercased scheme and host, the port, the path without a
    /// trailing slash; user, password, query and fragment left out. `user` (basic auth's, not a
    /// secret) is appended: two users of one server may see different runs.
    static func key(_ server: String, user: String?) -> String {
        guard var components = URLComponents(string: server) else { return server }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        components.path = path
        let address = components.string ?? server
        return user.map { address + " user=" + $0 } ?? address
    }

    /// The file of experiment `experimentID` (its id made safe for a file name).
    func file(experimentID: String) -> String {
        let safe = experimentID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        var hash = FNV1a()
        hash.add(experimentID.utf8)
        return directory + "/experiment-" + (safe ? experimentID : hash.hex) + ".runs"
    }

    /// The cached runs of an experiment; nil when none are kept, or the file is torn or unreadable.
    func read(experimentID: String) -> CachedExperiment? {
        guard let bytes = try? PosixFileSystem.bytes(file(experimentID: experimentID)) else { return nil }
        return CachedExperiment(file: bytes, server: key, experimentID: experimentID)
    }

    /// Keeps `experiment` as the cached runs of `experimentID`, replacing the file atomically. A
    /// cache that cannot be written (a read-only home, a full disk) is no error: the answer does
    /// not depend on it, and the next question fetches again.
    func write(_ experiment: CachedExperiment, experimentID: String) {
        guard (try? Self.makeFolder(directory)) != nil else { return }
        try? AtomicFile.write(experiment.encoded(server: key, experimentID: experimentID), to: file(experimentID: experimentID))
    }

    /// Makes `path` and its parents; the last one private to the user.
    static func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o700)
    }
}
