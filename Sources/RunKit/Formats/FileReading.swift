import Foundation

/// Reads files with errors that name the file.
enum FileReading {
    /// The whole file as UTF-8 text (invalid bytes replaced).
    static func string(_ path: String) throws -> String {
        String(decoding: try data(path), as: UTF8.self)
    }

    /// The whole file's bytes.
    static func data(_ path: String) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw RunKitError(.unreadableFile, exists ? "Cannot read \(path): permission denied." : "\(path) does not exist.", path: path)
        }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw RunKitError(.unreadableFile, "Cannot read \(path): \(error.localizedDescription)", path: path)
        }
    }
}
