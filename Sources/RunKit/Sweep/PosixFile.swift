import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations a sweep's log needs to survive a `kill -9` besides atomic replacement
/// (`AtomicFile`): an exclusive `flock` on a lock file, which the kernel releases when its holder dies.
enum PosixFile {
    /// Runs `body` holding an exclusive `flock` on `lockPath` (created if needed).
    static func withLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("open the lock file", lockPath) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw failure("lock", lockPath) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Runs `body` holding a shared `flock` on `lockPath` when that file exists, opened read-only;
    /// without it (no runner ever ran here) `body` runs unlocked. Creates nothing: for readers
    /// (`runkit sweep --status`) of folders that may be read-only or not theirs to write.
    static func withReadLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return try body() }
            throw failure("open the lock file", lockPath)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH) != 0 {
            guard errno == EINTR else { throw failure("lock", lockPath) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Creates a folder and its parents.
    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunKitError(.unreadableFile, "Cannot create the folder \(path): \(error.localizedDescription)", path: path)
        }
    }

    static func failure(_ what: String, _ path: String) -> RunKitError {
        RunKitError(.unreadableFile, "Cannot \(what) \(path): \(String(cString: strerror(errno))).", path: path)
    }
}
