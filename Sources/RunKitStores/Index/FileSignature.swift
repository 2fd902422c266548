import Foundation
import RunKitSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of one path, enough to notice that it changed: its kind, inode, size,
/// modification and status-change times (nanoseconds). A missing path has a signature too, so a
/// file that appears later is noticed. `ctime` catches a change whose `mtime` was set back.
///
/// ```swift
/// let before = FileSignature.of("mlruns/0/abc/metrics/loss")
/// // … later …
/// let changed = FileSignature.of("mlruns/0/abc/metrics/loss") != before
/// ```
struct FileSignature: Sendable, Hashable {
    typealias Kind = PosixFileSystem.Kind

    var kind: Kind
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    static let missing = FileSignature(kind: .missing)

    /// The signature of `path` now, following symbolic links.
    static func of(_ path: String) -> FileSignature {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return FileSignature(info)
    }

    /// The signature of `relativePath` inside the open folder `folder` (`openat`-style: the
    /// kernel walks only the relative part, much cheaper than a long absolute path).
    static func of(_ relativePath: String, in folder: Int32) -> FileSignature {
        var info = stat()
        guard fstatat(folder, relativePath, &info, 0) == 0 else { return .missing }
        return FileSignature(info)
    }

    private init(_ info: stat) {
        let kind = Kind(mode: info.st_mode)
        #if canImport(Darwin)
        let (m, c) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (m, c) = (info.st_mtim, info.st_ctim)
        #endif
        self.init(kind: kind, inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: Int64(m.tv_sec) * 1_000_000_000 + Int64(m.tv_nsec),
                  changed: Int64(c.tv_sec) * 1_000_000_000 + Int64(c.tv_nsec))
    }

    init(kind: Kind, inode: UInt64 = 0, size: Int64 = 0, modified: Int64 = 0, changed: Int64 = 0) {
        self.kind = kind
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    /// True when the path changed at or after `instant` (ns since the epoch): its times cannot
    /// tell a later change in the same clock tick apart, so it must not be trusted (git's "racy"
    /// entries).
    func isRecent(since instant: Int64) -> Bool {
        kind != .missing && (modified >= instant || changed >= instant)
    }

    func write(into writer: inout ByteWriter) {
        writer.write(kind.rawValue)
        guard kind != .missing else { return }
        writer.write(inode)
        writer.writeSigned(size)
        writer.writeSigned(modified)
        writer.writeSigned(changed)
    }

    static func read(_ reader: inout ByteReader) throws -> FileSignature {
        guard let kind = Kind(rawValue: try reader.byte()) else { throw ByteReader.Truncated() }
        guard kind != .missing else { return .missing }
        return FileSignature(kind: kind, inode: try reader.varint(), size: try reader.signed(),
                             modified: try reader.signed(), changed: try reader.signed())
    }
}
