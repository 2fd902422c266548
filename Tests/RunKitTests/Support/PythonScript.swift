import Foundation

/// Runs a python and a script of Tests/Scripts for the round-trip tests.
enum PythonScript {
    /// True when `python` imports every one of `modules` (`python -c "import a, b"` exits 0).
    static func imports(_ modules: String, python: String = "python3") -> Bool {
        (try? run(python, ["-c", "import \(modules)"]).status) == 0
    }

    /// `python Tests/Scripts/NAME ARGS…`: its exit status and everything it printed (stdout and stderr).
    static func run(script name: String, _ arguments: [String], python: String = "python3") throws -> (status: Int32, output: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/\(name)").path
        return try run(python, [script] + arguments)
    }

    private static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
