import Foundation

/// The commit a sweep's configs run from, for the log's `commit_hash` column.
///
/// ```swift
/// GitProvenance.head()   // "3f2a…" in a git work tree, else ""
/// ```
enum GitProvenance {
    /// `git rev-parse HEAD` in the working directory, or "" (malet writes an empty commit_hash then).
    static func head() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
