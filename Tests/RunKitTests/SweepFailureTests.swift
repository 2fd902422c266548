import Foundation
import Testing
@testable import RunKit

@Suite("SweepFailure")
struct SweepFailureTests {
    @Test("the last lines of a huge output.log: read from its end only, RunKit's notes and blank lines left out, long lines cut")
    func lastLines() throws {
        let folder = try TemporaryFolder.make("runkit-failure")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/output.log"
        var text = String(repeating: "x", count: 10_000_000) + "\n"
        text += "step 1\n" + String(repeating: "y", count: 1000) + "\r\nValueError: loss is NaN\n\n"
        text += "runkit: the command ended with exit status 1.\n"
        try AtomicFile.write(text, to: path)
        let lines = SweepFailure.lastLines(of: path, limit: 3)
        #expect(lines == ["step 1", String(repeating: "y", count: 299) + "…", "ValueError: loss is NaN"])
        #expect(SweepFailure.lastLines(of: folder + "/missing.log").isEmpty)
    }
}
