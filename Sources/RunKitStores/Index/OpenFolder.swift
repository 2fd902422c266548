#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder held open so that paths below it are looked up relative to it (`fstatat`): the
/// kernel then walks only the relative part, much cheaper than a long absolute path each time.
///
/// ```swift
/// let root = OpenFolder("/data/project")
/// let signature = root?.signature(of: "/data/project/mlruns/0/abc/artifacts/.hydra/config.yaml")
/// ```
final class OpenFolder: Sendable {
    let path: String
    private let descriptor: Int32

    /// Opens `path`; nil when it is not an openable folder.
    init?(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The signature of `relativePath` below the folder ("" for the folder itself).
    func signature(relative relativePath: String) -> FileSignature {
        FileSignature.of(relativePath.isEmpty ? "." : relativePath, in: descriptor)
    }

    /// The signature of an absolute path: relative to the folder when it lies below it.
    func signature(of absolutePath: String) -> FileSignature {
        let prefix = path.utf8.count + 1
        guard absolutePath.utf8.count > prefix, absolutePath.hasPrefix(path + "/") else { return FileSignature.of(absolutePath) }
        return signature(relative: String(absolutePath.utf8.dropFirst(prefix))!)
    }
}
