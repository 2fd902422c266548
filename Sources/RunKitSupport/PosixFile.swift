import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations a sweep's log needs to survive a `kill -9`: atomic replacement (write a
/// temporary file in the same folder, fsync it, rename it over the old one, fsync the folder)
/// and an exclusive `flock` on a lock file, which the kernel releases when its holder dies.
package enum PosixFile {
    /// Replaces `path` with `text` atomically: a reader sees the old file or the new one, never
    /// a part; after a crash the file is one of the two.
    package static func writeAtomically(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try writeDurably(text, to: temporary)
        try renameDurably(temporary, to: path)
    }

    /// Writes `text` to `path` (created or truncated) and fsyncs it; on failure the file is removed.
    package static func writeDurably(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("create", path) }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write", path)
                close(descriptor)
                unlink(path)
                throw error
            }
            written += count
        }
        bytes.removeAll()
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync", path)
            close(descriptor)
            unlink(path)
            throw error
        }
        close(descriptor)
    }

    /// Renames `source` over `path` and fsyncs the folder, so the rename survives a crash.
    package static func renameDurably(_ source: String, to path: String) throws {
        guard rename(source, path) == 0 else {
            let error = failure("rename", path)
            unlink(source)
            throw error
        }
        syncFolder(of: path)
    }

    /// Removes `path` (a missing file is fine) and fsyncs its folder.
    package static func removeDurably(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("remove", path) }
        syncFolder(of: path)
    }

    /// fsyncs the folder holding `path` (makes renames and removals in it durable).
    package static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Runs `body` holding an exclusive `flock` on `lockPath` (created if needed).
    package static func withLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("open the lock file", lockPath) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw failure("lock", lockPath) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Creates a folder and its parents.
    package static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunKitError(.unreadableFile, "Cannot create the folder \(path): \(error.localizedDescription)", path: path)
        }
    }

    package static func failure(_ what: String, _ path: String) -> RunKitError {
        RunKitError(.unreadableFile, "Cannot \(what) \(path): \(String(cString: strerror(errno))).", path: path)
    }
}
