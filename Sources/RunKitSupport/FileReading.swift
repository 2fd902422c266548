/// Reads whole files with errors that name the file (through `PosixFileSystem`, the one file reader).
package enum FileReading {
    /// The whole file as UTF-8 text (invalid bytes replaced); a missing file is an `unreadableFile` error.
    package static func string(_ path: String) throws -> String {
        guard let bytes = try PosixFileSystem.bytes(path) else {
            throw RunKitError(.unreadableFile, "\(path) does not exist.", path: path)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
