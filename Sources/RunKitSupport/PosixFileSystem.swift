import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file access for readers of stores made of many small files (the MLflow
/// file store has ~27 files per run): one `readdir` per folder with the entry types it
/// already knows, and one `open`/`read` per file, without Foundation's per-file overhead.
/// Errors are `unreadableFile` sentences naming the path.
package enum PosixFileSystem {
    /// One entry of a folder.
    package struct Entry: Sendable, Hashable {
        package var name: String
        /// A folder, or a symbolic link to one.
        package var isDirectory: Bool
        /// A regular file, or a symbolic link to one.
        package var isFile: Bool
        /// The entry is a symbolic link (`isDirectory` and `isFile` say what it points to).
        package var isSymbolicLink = false
    }

    /// The entries of a folder (without `.` and `..`), symbolic links resolved for their kind;
    /// nil when the folder does not exist or is not a folder.
    package static func entries(_ path: String) throws -> [Entry]? {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw failure(path, code)
        }
        return try entries(ofOpenFolder: fd, path: path)
    }

    /// The entries of the folder open as `fd`, which this closes; `path` names it in errors.
    package static func entries(ofOpenFolder fd: Int32, path: String) throws -> [Entry] {
        guard let dir = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw failure(path, code)
        }
        defer { closedir(dir) }
        let folder = dirfd(dir)
        /// The kind at `name`, following a symbolic link or not.
        func kind(_ name: String, following: Bool) -> Kind {
            var info = stat()
            guard fstatat(folder, name, &info, following ? 0 : AT_SYMLINK_NOFOLLOW) == 0 else { return .missing }
            return Kind(mode: info.st_mode)
        }
        var result: [Entry] = []
        while let pointer = readdir(dir) {
            let name = withUnsafeBytes(of: pointer.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            // DT_DIR = 4, DT_REG = 8, DT_LNK = 10 on Linux and Darwin; unknown types are asked with fstatat.
            var type = pointer.pointee.d_type
            if type == 0 { type = isSymbolicLink(folder, name) ? 10 : 0 }
            switch type {
            case 4: result.append(Entry(name: name, isDirectory: true, isFile: false))
            case 8: result.append(Entry(name: name, isDirectory: false, isFile: true))
            case 0, 10:
                let target = kind(name, following: true)
                result.append(Entry(name: name, isDirectory: target == .directory, isFile: target == .file, isSymbolicLink: type == 10))
            default:
                result.append(Entry(name: name, isDirectory: false, isFile: false))
            }
        }
        return result
    }

    /// Whether `name` in the open folder `folder` is a symbolic link (not followed).
    package static func isSymbolicLink(_ folder: Int32, _ name: String) -> Bool {
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & 0o170000 == 0o120000
    }

    /// `path` with every symbolic link resolved (`realpath`); nil when that fails (`errno` says why).
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute and standardized, without a trailing `/`.
    package static func absolute(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).absoluteURL.standardized.path
        return standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
    }

    /// What is at a path. The raw values are stored in the index: never renumber them.
    package enum Kind: UInt8, Sendable {
        case missing = 0, file = 1, directory = 2, other = 3

        /// The kind a `stat` mode names.
        package init(mode: mode_t) {
            switch mode & 0o170000 {
            case 0o040000: self = .directory
            case 0o100000: self = .file
            default: self = .other
            }
        }
    }

    /// What is at `path`, following symbolic links.
    package static func fileKind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return Kind(mode: info.st_mode)
    }

    /// The whole file's bytes; nil when the file does not exist.
    package static func bytes(_ path: String) throws -> [UInt8]? {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw failure(path, code)
        }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// Every byte of the open file `fd` (left open); `path` names it in errors. A folder is an
    /// error; with `regularOnly`, so is anything but a regular file (a FIFO, a device: a store
    /// holds none, and `/dev/zero` never ends).
    package static func readAll(_ fd: Int32, path: String, regularOnly: Bool = false) throws -> [UInt8] {
        var info = stat()
        if fstat(fd, &info) != 0 { info = stat() }
        let size = max(Int(info.st_size), 0)
        let kind = Kind(mode: info.st_mode)
        if kind == .directory { throw failure(path, EISDIR) }
        if regularOnly && kind != .file {
            throw RunKitError(.unreadableFile, "Cannot read \(path): it is not a regular file.", path: path)
        }
        let isRegular = kind == .file
        var buffer = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while true {
            if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: max(buffer.count, 4096))) }
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + count, raw.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if n == 0 { break }
            count += n
            // A short read of a regular file is its end: spares the final read returning 0.
            if count < buffer.count && isRegular { break }
        }
        buffer.removeSubrange(count...)
        return buffer
    }

    /// The `unreadableFile` error for `errno` `code` met at `path`.
    package static func failure(_ path: String, _ code: Int32) -> RunKitError {
        let reason: String
        switch code {
        case EACCES, EPERM: reason = "permission denied"
        case EISDIR: reason = "it is a folder"
        default: reason = String(cString: strerror(code))
        }
        return RunKitError(.unreadableFile, "Cannot read \(path): \(reason).", path: path)
    }
}
