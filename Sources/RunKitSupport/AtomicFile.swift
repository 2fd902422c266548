import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file RunKit writes (exports, plots, sweep logs, merged logs) is written here: into a
/// temporary file beside the target, fsynced, then renamed over the target, and the folder
/// fsynced. A reader sees the old file or the new one, never a part; a write that fails (a full
/// disk, a killed process) leaves the old file as it was and no half file behind.
///
/// A symbolic link at the target is followed: the file it points to is replaced, the link kept.
/// The file's permissions are kept when it is replaced. A device or a pipe (`/dev/null`,
/// `/dev/stdout`) is written in place: there is nothing to replace, and it must stay what it is.
///
/// ```swift
/// try AtomicFile.write("run_id,loss\n", to: "runs.csv")
/// try AtomicFile.replace("runs.db") { temporary in try writeDatabase(at: temporary) }
/// ```
package enum AtomicFile {
    /// Replaces `path` with `text` (UTF-8).
    package static func write(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: path) }
    }

    /// Replaces `path` with `bytes`.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        if isDeviceOrPipe(path) {
            try writeInPlace(bytes, to: path)
            return
        }
        try replace(path) { temporary in try writeDurably(bytes, to: temporary) }
    }

    /// Runs `body` with a path beside `path` (in the same folder, so the rename is atomic) for it
    /// to write the new file at; then fsyncs that file and renames it over `path`. When `body`
    /// throws or the rename fails, the temporary file is removed and `path` is left as it was.
    /// `suffix` ends the temporary name (`.png` for a program that picks a format by extension).
    package static func replace(_ path: String, suffix: String = "", _ body: (String) throws -> Void) throws {
        if isDeviceOrPipe(path) {
            throw RunKitError(.unreadableFile, "Cannot write \(path): it is a device or a pipe, not a file.", path: path)
        }
        if PosixFileSystem.fileKind(path) == .directory {
            throw RunKitError(.unreadableFile, "Cannot write \(path): it is a folder.", path: path)
        }
        let target = resolvingLinks(path)
        let folder = (target as NSString).deletingLastPathComponent
        if !folder.isEmpty, PosixFileSystem.fileKind(folder) != .directory {
            throw RunKitError(.unreadableFile, "Cannot write \(path): the folder \(folder) does not exist.", path: path)
        }
        let temporary = temporaryPath(beside: target, suffix: suffix)
        do {
            try body(temporary)
            try keepMode(of: target, on: temporary)
            try syncFile(temporary)
            try renameDurably(temporary, to: target)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// A new name in `path`'s folder: `.NAME.<pid>.<random>.tmp` and `suffix`.
    static func temporaryPath(beside path: String, suffix: String = "") -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent
            + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp" + suffix
    }

    /// `path` with symbolic links at its end followed (at most 40, as the kernel does); a path
    /// that is no link is returned as it is.
    package static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            // An error here means `current` is no symbolic link (or is gone): the end of the chain.
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            if destination.hasPrefix("/") {
                current = destination
            } else {
                let folder = (current as NSString).deletingLastPathComponent
                current = folder.isEmpty ? destination : folder + "/" + destination
            }
        }
        return current
    }

    /// True when `path` (links followed) is a device, a pipe or a socket.
    static func isDeviceOrPipe(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// Writes `bytes` into an existing device or pipe; it is never created, truncated or removed.
    static func writeInPlace(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PosixFile.failure("open", path) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw PosixFile.failure("write", path)
            }
            written += count
        }
    }

    /// Gives `temporary` the permission bits of the file at `path`, when there is one.
    private static func keepMode(of path: String, on temporary: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        guard chmod(temporary, info.st_mode & 0o7777) == 0 else { throw PosixFile.failure("set the permissions of", temporary) }
    }

    /// Writes `bytes` to `path` (created or truncated) and fsyncs it; on failure the file is removed.
    static func writeDurably(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PosixFile.failure("create", path) }
        var written = 0
        while written < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                let error = PosixFile.failure("write", path)
                close(descriptor)
                unlink(path)
                throw error
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let error = PosixFile.failure("fsync", path)
            close(descriptor)
            unlink(path)
            throw error
        }
        close(descriptor)
    }

    /// Writes `text` to `path` (created or truncated) and fsyncs it; on failure the file is removed.
    package static func writeDurably(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try writeDurably(UnsafeRawBufferPointer($0), to: path) }
    }

    /// fsyncs a file written by someone else (SQLite, a converter).
    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PosixFile.failure("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw PosixFile.failure("fsync", path) }
    }

    /// Renames `source` over `path` and fsyncs the folder, so the rename survives a crash.
    package static func renameDurably(_ source: String, to path: String) throws {
        guard rename(source, path) == 0 else {
            let error = PosixFile.failure("rename", path)
            unlink(source)
            throw error
        }
        syncFolder(of: path)
    }

    /// Removes `path` (a missing file is fine) and fsyncs its folder.
    package static func removeDurably(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw PosixFile.failure("remove", path) }
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
}
