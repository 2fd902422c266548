import Foundation

/// A new empty folder under the system's temporary folder, named `PREFIX-<uuid>`; the caller
/// removes it.
enum TemporaryFolder {
    static func make(_ prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
