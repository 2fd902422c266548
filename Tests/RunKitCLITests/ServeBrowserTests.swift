import Foundation
import Testing

/// `runkit serve` in a real browser: headless Chromium (Debian's, `scripts/chromium.sh`) driven by
/// selenium through load → query → group → run page → compare → parallel coordinates → a run
/// appended live (Tests/Scripts/serve_browser_check.py says what is checked). Needs
/// `RUNKIT_TEST_PYTHON` with selenium and chromium on the PATH; skipped without them, except under
/// `CI=true`, where `.ci/run` installs both and their absence is a failure.
@Suite("serve: the page in headless Chromium")
struct ServeBrowserTests {
    static let environment = ProcessInfo.processInfo.environment
    static let python = environment["RUNKIT_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let onCI = environment["CI"] == "true"
    static let hasChromium = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/serve_browser_check.py").path

    @Test("load, query (and its error), group, run page, compare, brushing, a live run: each on the page",
          .enabled(if: (python != nil && hasChromium) || onCI,
                   "skipped: needs chromium and chromedriver (scripts/chromium.sh install) and RUNKIT_TEST_PYTHON with selenium"),
          .timeLimit(.minutes(3)))
    func browser() throws {
        guard let python = Self.python, Self.hasChromium else {
            Issue.record("CI=true but chromium, chromedriver or RUNKIT_TEST_PYTHON is missing: .ci/run installs them (scripts/chromium.sh)")
            return
        }
        let result = try CLI.runCommand([python, Self.script, "--runkit", CLI.binary, "--fixture", CLI.fixtures + "/hydraflow-sqlite"])
        print(result.stdout, terminator: "")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("browser: 20 passed, 0 failed"), "\(result.stdout)")
    }
}
