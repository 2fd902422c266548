import Foundation

/// Runs the built `runkit` binary and captures what it printed.
struct CLIResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum CLI {
    /// `Tests/Fixtures`.
    static let fixtures: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// A new empty folder under the system's temporary folder, named `PREFIX-<uuid>`; the caller
    /// removes it.
    static func temporaryFolder(_ prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The `runkit` binary next to the test bundle (or `RUNKIT_BINARY`).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["RUNKIT_BINARY"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("runkit").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/runkit").path
    }()

    /// Runs `runkit ARGS…` with the given extra environment and working directory.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> CLIResult {
        try runCommand([binary] + arguments, environment: environment, directory: directory)
    }
}
