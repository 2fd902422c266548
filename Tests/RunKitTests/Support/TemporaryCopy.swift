import Foundation

/// A writable copy of a fixture in a temporary folder, removed when the value is released.
final class TemporaryCopy {
    let path: String

    init(of source: String) throws {
        let folder = try TemporaryFolder.make("runkit-test")
        path = folder + "/" + URL(fileURLWithPath: source).lastPathComponent
        try FileManager.default.copyItem(atPath: source, toPath: path)
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let item = enumerator?.nextObject() as? String {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/" + item)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
}
