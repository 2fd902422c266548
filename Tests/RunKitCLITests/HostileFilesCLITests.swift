import Foundation
import Testing
import RunKit

/// `runkit` on stores holding hostile or damaged files: bounded time, a warning naming the file,
/// the rest printed.
@Suite("runkit CLI on hostile files")
struct HostileFilesCLITests {
    static let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { String($0) + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A copy of the MLflow file-store fixture, removed by the caller.
    func copyOfMLruns() throws -> String {
        let folder = try CLI.temporaryFolder("runkit-hostile")
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: folder + "/mlruns")
        return folder + "/mlruns"
    }

    @Test("a billion laughs in one run's meta.yaml: list finishes at once, exit 2, a warning naming the file")
    func billionLaughs() throws {
        let mlruns = try copyOfMLruns()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: mlruns).deletingLastPathComponent().path) }
        let clean = try CLI.run(["list", mlruns, "--format", "jsonl", "--all"])
        #expect(clean.status == 0)
        var laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let meta = mlruns + "/0/5cae461ef63e4408a9223926a42ac3ab/meta.yaml"
        try laughs.write(toFile: meta, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try CLI.run(["list", mlruns, "--format", "jsonl", "--all"])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 2)
        #expect(result.stderr.contains("warning: \(meta) has YAML aliases that expand to more than"))
        #expect(result.stdout.split(separator: "\n").count == clean.stdout.split(separator: "\n").count - 1)
    }

    @Test("a tag holding CR LF stays in its CSV field: Python's csv module reads one record per run",
          .enabled(if: HostileFilesCLITests.python3 != nil, "skipped: python3 is not on PATH"))
    func csvInjection() throws {
        let mlruns = try copyOfMLruns()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: mlruns).deletingLastPathComponent().path) }
        let value = "fine\r\nINJECTED,9999,evil"
        try value.write(toFile: mlruns + "/0/5cae461ef63e4408a9223926a42ac3ab/tags/note", atomically: true, encoding: .utf8)
        let result = try CLI.run(["list", mlruns, "--format", "csv", "--columns", "run_id,tags.note"])
        #expect(result.status == 0)
        let csvFile = URL(fileURLWithPath: mlruns).deletingLastPathComponent().path + "/out.csv"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: csvFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python3))
        process.arguments = ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))", csvFile]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let rows = try JSONParser.parse(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)).listValue ?? []
        process.waitUntilExit()
        let ids = try CLI.run(["list", mlruns, "--format", "jsonl", "--columns", "run_id"]).stdout.split(separator: "\n")
        #expect(rows.count == ids.count + 1)
        #expect(rows.contains { $0.listValue?.last?.stringValue == value })
    }
}
