import Foundation
import Testing

/// A real writer, MLflow's own client, logging runs into a copy of a store while `runkit list`,
/// `group` and `show` read it (Tests/Scripts/live_store_check.py, which says what is checked).
/// Needs `RUNKIT_TEST_PYTHON`: a python with mlflow==3.17.2 (`.ci/run` makes one). Without it the
/// test is skipped, except under `CI=true`, where that is a failure.
@Suite("live MLflow SQLite store")
struct LiveStoreTests {
    static let environment = ProcessInfo.processInfo.environment
    static let python = environment["RUNKIT_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let onCI = environment["CI"] == "true"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/live_store_check.py").path

    @Test("while MLflow logs runs (default journal and WAL), 210 reads by list, group and show each way: no failure, every answer a complete snapshot, no side file",
          .enabled(if: python != nil || onCI,
                   "skipped: set RUNKIT_TEST_PYTHON to a python with mlflow==3.17.2 (.ci/run makes one in ~/.cache/runkit-test/venv)"),
          .timeLimit(.minutes(5)))
    func liveWriter() throws {
        guard let python = Self.python else {
            Issue.record("CI=true but RUNKIT_TEST_PYTHON is not set: .ci/run makes a venv with mlflow==3.17.2 and exports it")
            return
        }
        let interpreter = python.contains("/") ? [python] : ["/usr/bin/env", python]
        let result = try CLI.runCommand(interpreter + [Self.script, "--runkit", CLI.binary, "--fixture", CLI.fixtures + "/hydraflow-sqlite",
                                         "--reads", "210", "--modes", "default,wal"])
        print(result.stdout, terminator: "")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("default: 210 reads"), "\(result.stdout)")
        #expect(result.stdout.contains("wal: 210 reads"), "\(result.stdout)")
    }
}
