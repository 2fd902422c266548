import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exclusive use of sweep logs for `runkit log merge`/`resplit`, through the runner's own lock:
/// the `flock` on `<sweep folder>/.runkit.lock` (so no runner writes while a tool reads and
/// writes), and no live claim in the logs' `.claims.json` (so no runner is between configs of
/// them). Busy logs are an error, or are waited for.
///
/// ```swift
/// try SweepLogLock.hold(logs: ["exp/log.tsv"], creating: ["exp"], wait: false) { … }
/// ```
enum SweepLogLock {
    /// The folder whose `.runkit.lock` guards a log: the sweep folder (the parent of `log_splits`).
    static func folder(ofLog path: String) -> String {
        var folder = (path as NSString).deletingLastPathComponent
        if folder.isEmpty { folder = "." }
        if (folder as NSString).lastPathComponent == "log_splits" {
            folder = (folder as NSString).deletingLastPathComponent
            if folder.isEmpty { folder = "." }
        }
        return folder
    }

    /// Runs `body` while holding the locks of the logs' folders, with no live runner claim on the
    /// logs. The lock files of folders in `creating` are created when missing; elsewhere a missing
    /// lock file means no runner ever ran there (inputs may be read-only).
    static func hold<T>(logs: [String], creating: Set<String>, wait: Bool, staleAfter: Double = 60,
                        _ body: () throws -> T) throws -> T {
        let folders = Set(logs.map(folder(ofLog:))).union(creating)
            .sorted { PosixFileSystem.absolute($0) < PosixFileSystem.absolute($1) }
        while true {
            var descriptors: [Int32] = []
            func release() {
                for descriptor in descriptors {
                    flock(descriptor, LOCK_UN)
                    close(descriptor)
                }
                descriptors = []
            }
            do {
                for folder in folders {
                    let path = folder + "/.runkit.lock"
                    let create = creating.contains(folder)
                    let descriptor = open(path, create ? (O_RDWR | O_CREAT | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC), 0o644)
                    if descriptor < 0 {
                        if !create, errno == ENOENT { continue }
                        throw PosixFile.failure("open the lock file", path)
                    }
                    descriptors.append(descriptor)
                    while flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
                        if errno == EINTR { continue }
                        if errno == EWOULDBLOCK {
                            throw RunKitError(.invalidArgument, "A sweep runner is writing the log in \(folder) (it holds \(path)); try again, or pass --wait.", path: folder)
                        }
                        throw PosixFile.failure("lock", path)
                    }
                }
                let now = SweepClock.now()
                var busy: (log: String, claim: SweepClaim)?
                for log in logs where busy == nil {
                    if let claim = SweepClaim.read(log + ".claims.json").values.first(where: { !$0.isStale(now: now, staleAfter: staleAfter) }) {
                        busy = (log, claim)
                    }
                }
                if let busy {
                    guard wait else {
                        throw RunKitError(.invalidArgument, "A sweep runner (pid \(busy.claim.pid) on \(busy.claim.host)) is running configs of \(busy.log); wait until it ends, or pass --wait.", path: busy.log)
                    }
                    release()
                    usleep(200_000)
                    continue
                }
                defer { release() }
                return try body()
            } catch {
                release()
                throw error
            }
        }
    }
}
