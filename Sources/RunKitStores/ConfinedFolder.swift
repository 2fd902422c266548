#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RunKitSupport

/// A folder (a run folder, an experiment folder) whose files are read without leaving it: a path
/// below it is opened one name at a time relative to the folder, without following symbolic links
/// (`openat` with `O_NOFOLLOW`), and a name that is a symbolic link is followed only when it
/// resolves inside the folder. Only regular files are read (never a FIFO or a device).
///
/// MLflow's file store walks `params/`, `tags/` and `metrics/` with `os.walk`, which does not enter
/// linked folders but `open`s linked files wherever they point. RunKit does not enter linked folders
/// either (callers see `Entry.isSymbolicLink`), and reads a linked file only inside the folder, so a
/// store copied from elsewhere cannot make it read other files of the machine.
///
/// ```swift
/// let run = try ConfinedFolder("mlruns/0/5cae461ef63e4408a9223926a42ac3ab")!
/// let meta = try run.bytes("meta.yaml")     // nil when missing
/// let tags = try run.entries("tags")        // nil when missing
/// ```
///
/// Errors are `unreadableFile` sentences naming the path. The folder itself may be a link (MLflow
/// follows a linked run folder). Not thread-safe: use one value on one thread.
package final class ConfinedFolder {
    /// The folder, as given.
    package let path: String
    private let descriptor: Int32
    /// The folder's real path, once a link inside needed it.
    private var resolvedPath: String?
    /// Folders below this one opened so far, by relative path, closed with it.
    private var openFolders: [String: Int32] = [:]

    /// Opens the folder at `path`; nil when it does not exist (or is not a folder), throws
    /// `unreadableFile` naming it when it cannot be opened.
    package init?(_ path: String) throws {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw PosixFileSystem.failure(path, errno)
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        for folder in openFolders.values { close(folder) }
        close(descriptor)
    }

    /// `relative` below the folder as a path that names it (`<folder>/metrics/loss`).
    func absolute(_ relative: String) -> String {
        relative.isEmpty ? path : path + "/" + relative
    }

    /// The bytes of the regular file at `relative` (`meta.yaml`, `metrics/loss`); nil when it does
    /// not exist.
    package func bytes(_ relative: String) throws -> [UInt8]? {
        guard let fd = try fileDescriptor(for: relative) else { return nil }
        defer { close(fd) }
        return try PosixFileSystem.readAll(fd, path: absolute(relative), regularOnly: true)
    }

    /// The entries of the folder at `relative` ("" for the folder itself); nil when it does not
    /// exist or is not a folder. The folder stays open for the files read from it next
    /// (`metrics/` is listed, then its files read: one `open`).
    package func entries(_ relative: String) throws -> [PosixFileSystem.Entry]? {
        let folder: Int32
        if relative.isEmpty {
            folder = descriptor
        } else {
            guard let kept = try folderDescriptor(relative) else { return nil }
            folder = kept
        }
        // Listed through a duplicate, which the listing closes; it shares the kept descriptor's
        // position, so it starts from the beginning (the folder may have been listed before).
        let listing = dup(folder)
        guard listing >= 0 else { throw PosixFileSystem.failure(absolute(relative), errno) }
        lseek(listing, 0, SEEK_SET)
        return try PosixFileSystem.entries(ofOpenFolder: listing, path: absolute(relative))
    }

    /// A new descriptor for the file at `relative`, opened name by name; nil when something on the
    /// way does not exist (or is a file where a folder is needed). The folders on the way are opened
    /// once per `ConfinedFolder` and kept (`params/`, `metrics/val/`: a run's files share a few).
    private func fileDescriptor(for relative: String) throws -> Int32? {
        guard let slash = relative.lastIndex(of: "/") else {
            if relative.isEmpty { return nil }
            return try openEntry(relative, name: relative, in: descriptor, folder: false)
        }
        let parent = String(relative[..<slash])
        guard let folder = try folderDescriptor(parent) else { return nil }
        return try openEntry(relative, name: String(relative[relative.index(after: slash)...]), in: folder, folder: false)
    }

    /// The kept descriptor of the folder at `relative` (no leading or trailing `/`), opened on
    /// first use; nil when it does not exist.
    private func folderDescriptor(_ relative: String) throws -> Int32? {
        if let kept = openFolders[relative] { return kept }
        let parentDescriptor: Int32
        let name: String
        if let slash = relative.lastIndex(of: "/") {
            guard let parent = try folderDescriptor(String(relative[..<slash])) else { return nil }
            parentDescriptor = parent
            name = String(relative[relative.index(after: slash)...])
        } else {
            parentDescriptor = descriptor
            name = relative
        }
        guard let opened = try openEntry(relative, name: name, in: parentDescriptor, folder: true) else { return nil }
        openFolders[relative] = opened
        return opened
    }

    /// Opens `name` in the open folder `parent` (`relative` is its path below this folder, for
    /// links and errors) without following a symbolic link, unless it resolves inside the folder.
    private func openEntry(_ relative: String, name: String, in parent: Int32, folder: Bool) throws -> Int32? {
        if name == ".." {   // not a name a store writes, and it would leave the folder
            throw RunKitError(.unreadableFile, "\(absolute(relative)) names a folder above it; it was not read.", path: absolute(relative))
        }
        let flags = O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : O_NONBLOCK)
        var next = retrying { openat(parent, name, flags | O_NOFOLLOW) }
        var code = errno
        // A symbolic link: ELOOP (EMLINK on FreeBSD), or ENOTDIR on Linux when a folder is asked for.
        if next < 0, code == ELOOP || code == EMLINK || (code == ENOTDIR && PosixFileSystem.isSymbolicLink(parent, name)) {
            let target = try resolvedInside(relative)
            next = retrying { open(target, flags) }
            code = errno
        }
        guard next >= 0 else {
            if code == ENOENT || code == ENOTDIR { return nil }
            throw PosixFileSystem.failure(absolute(relative), code)
        }
        return next
    }

    /// The real path of the link at `relative` when it lies inside the folder; throws naming the
    /// link when it points outside or nowhere.
    private func resolvedInside(_ relative: String) throws -> String {
        let link = absolute(relative)
        guard let target = PosixFileSystem.realPath(link) else {
            guard errno == ENOENT || errno == ENOTDIR else { throw PosixFileSystem.failure(link, errno) }
            throw RunKitError(.unreadableFile, "\(link) is a symbolic link to nothing (its target does not exist); it was not read.", path: link)
        }
        if resolvedPath == nil { resolvedPath = PosixFileSystem.realPath(path) ?? path }
        let root = resolvedPath!
        guard target == root || target.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw RunKitError(.unreadableFile, "\(link) is a symbolic link to \(target), outside \(path); it was not read.", path: link)
        }
        return target
    }


    private func retrying(_ call: () -> Int32) -> Int32 {
        var result: Int32
        repeat { result = call() } while result < 0 && errno == EINTR
        return result
    }
}
