import Foundation

extension CLI {
    /// The cache folder of every command the tests run (`RUNKIT_CACHE_DIR` unless a test sets its
    /// own): the remote stores' cache and indexes stay out of the user's ~/.cache.
    static let cacheFolder: String = (try? temporaryFolder("runkit-test-cache")) ?? NSTemporaryDirectory() + "/runkit-test-cache"

    /// Runs any program (`arguments[0]`, an absolute path) as `run` runs `runkit`: the environment
    /// without `MLFLOW_TRACKING_URI` (with `RUNKIT_CACHE_DIR` set to `cacheFolder`) plus
    /// `environment`, both pipes read to the end before waiting, so a large output cannot block the child.
    static func runCommand(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["MLFLOW_TRACKING_URI"] = nil
        env["RUNKIT_CACHE_DIR"] = cacheFolder
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                         status: process.terminationStatus)
    }

    /// Runs `runkit ARGS…` on a terminal (`script`'s pseudo-terminal), as a user at a shell would:
    /// what it wrote to the terminal in `stdout`, its exit status.
    static func runInTerminal(_ arguments: [String]) throws -> CLIResult {
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CLIResult(stdout: text, stderr: "", status: process.terminationStatus)
    }
}
