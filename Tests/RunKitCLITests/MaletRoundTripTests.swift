import Foundation
import Testing
import RunKit

/// The log a sweep writes, read by malet's own `ExperimentLog.from_tsv` (pip-installed by
/// `Tests/Scripts/malet_read_log.sh`) and by RunKit.
@Suite("sweep log read by malet")
struct MaletRoundTripTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/malet_read_log.sh").path

    /// malet's reading of a log as JSON, or nil when malet cannot be installed (exit 77).
    static func maletRead(_ log: String) throws -> ConfigValue? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, log]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 77 { return nil }
        #expect(process.terminationStatus == 0, "malet could not read \(log)")
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    @Test("malet's ExperimentLog.from_tsv reads the sweep's log: statics, grid fields, tuples, statuses, list and text metrics")
    func roundTrip() throws {
        let directory = try CLI.temporaryFolder("runkit-malet-rt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "model: {name: mlp, betas: [0.9, 0.99]}\ntag: '001'\ngrid:\n  layers: [[64, 64], [128]]\n  lr: [0.1, 1.0e-4]\n"
            .write(toFile: directory + "/exp_config.yaml", atomically: true, encoding: .utf8)
        let script = #"for s in 1 2; do echo "{\"step\": $s, \"loss\": 0.$s}" >> "$RUNKIT_METRICS"; done; echo '{"note": "tab\there \"q\"", "extra": {"a": 1}}' >> "$RUNKIT_METRICS"; case "$*" in *layers=\[128\]*lr=0.0001*) exit 1;; esac"#
        let result = try CLI.run(["sweep", directory + "/exp_config.yaml", "--", "/bin/sh", "-c", script, "sh", "{overrides}"])
        #expect(result.status == 1, "\(result.stderr)")
        guard let malet = try Self.maletRead(directory + "/log.tsv") else {
            print("note: malet round trip not checked: pip could not install malet 0.2.2 (see ~/.cache/runkit/malet-0.2.2/pip.log)")
            return
        }
        #expect(malet["static_configs"] == ["model": ["name": "mlp", "betas": [0.9, 0.99]], "tag": "001"])
        #expect(malet["grid_fields"] == ["layers", "lr"])
        #expect(malet["metric_fields"] == ["datetime", "duration", "commit_hash", "status", "loss", "note", "extra"])
        let rows = malet["rows"]?.listValue ?? []
        #expect(rows.count == 4)
        let runkit = try JSONParser.parse(try CLI.run(["list", directory, "--format", "json"]).stdout).listValue ?? []
        #expect(runkit.count == 4)
        for (maletRow, run) in zip(rows, runkit) {
            #expect(maletRow["layers"]?["$tuple"] == run["config"]?["layers"])
            #expect(maletRow["lr"] == run["config"]?["lr"])
            let failed = maletRow["layers"]?["$tuple"] == [128] && maletRow["lr"] == 0.0001
            #expect(maletRow["status"] == .string(failed ? "F" : "C"))
            #expect(run["status"] == .string(failed ? "FAILED" : "FINISHED"))
            #expect(maletRow["loss"] == [0.1, 0.2])
            #expect(maletRow["note"] == "tab\there \"q\"")
            #expect(run["metrics"]?["note"] == "tab\there \"q\"")
            #expect(maletRow["extra"] == ["a": 1])
        }
    }
}
