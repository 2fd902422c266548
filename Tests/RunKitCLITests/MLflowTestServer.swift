import Foundation

/// A real `mlflow server` of the test venv (`RUNKIT_TEST_PYTHON`'s mlflow==3.17.2) over a new,
/// empty SQLite database in a temporary folder, on a free port of 127.0.0.1, for a test that
/// changes the server's runs (the shared servers of `scripts/mlflow-server.sh` must stay as
/// they are). `stop()` ends it and its workers (its own process group).
///
/// ```swift
/// let server = try MLflowTestServer.start(python: python)
/// defer { server.stop() }
/// try server.step("fill")
/// ```
struct MLflowTestServer {
    let url: String
    let python: String
    let folder: String
    let process: Process

    static func start(python: String) throws -> MLflowTestServer {
        let folder = try CLI.temporaryFolder("mlflow-server")
        let port = try CLI.runCommand([python, "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let mlflow = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("mlflow").path
        let process = Process()
        // Its own process group (pgid = its pid), so that stop() ends the workers too; with no
        // signal blocked (a test thread's mask is inherited, and would keep SIGTERM pending).
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import os, signal, sys; os.setpgid(0, 0); signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                             mlflow, "server", "--backend-store-uri", "sqlite:///\(folder)/mlflow.db", "--default-artifact-root", folder + "/artifacts",
                             "--host", "127.0.0.1", "--port", port, "--workers", "1"]
        let log = FileHandle(forWritingAtPath: folder + "/server.log") ?? {
            FileManager.default.createFile(atPath: folder + "/server.log", contents: nil)
            return FileHandle(forWritingAtPath: folder + "/server.log")!
        }()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = MLflowTestServer(url: "http://127.0.0.1:\(port)", python: python, folder: folder, process: process)
        for _ in 0..<240 {
            if (try? CLI.runCommand(["/usr/bin/curl", "-sf", server.url + "/health"]))?.status == 0 { return server }
            Thread.sleep(forTimeInterval: 0.5)
        }
        server.stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "mlflow server did not start: " +
            ((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "")])
    }

    /// Runs a step of `Tests/Scripts/mlflow_cache_steps.py` (MLflow's client) against the server.
    func step(_ name: String) throws {
        let result = try CLI.runCommand([python, CLI.fixtures + "/../Scripts/mlflow_cache_steps.py", url, name])
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mlflow_cache_steps.py \(name): \(result.stderr)"])
        }
    }

    /// Ends the server's process group (the server and its workers): SIGTERM, then SIGKILL after 10 s.
    func stop() {
        kill(-process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        kill(-process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
