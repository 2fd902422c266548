import Foundation
import Testing
import RunKit

/// The exit status contract, command by command: 0 when everything the store holds was read
/// (what the writing tool leaves out by design is a note), 2 only when damaged data was skipped,
/// 1 on any error (usage errors too). docs/cli.md's exit status table lists the same cases.
@Suite("exit status, command by command")
struct ExitCodeCLITests {
    /// A store without a warning.
    let clean = CLI.fixtures + "/hydraflow-sqlite"
    /// MLXP's own folders it leaves out by design (a never-started job, a bare logger): notes only.
    let mlxp = CLI.fixtures + "/mlxp-logs"

    /// A copy of the MLXP fixture whose run 2 has a broken first train.json line (a damaged
    /// line, skipped with a warning; the run still loads), removed when the test ends. (A cut
    /// *last* line is a line still being written: a note, not damage.)
    final class DamagedStore {
        let path: String
        var damagedFile: String { path + "/logs/2/metrics/train.json" }

        init() throws {
            path = try CLI.temporaryFolder("runkit-exit") + "/mlxp-logs"
            try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlxp-logs", toPath: path)
            let text = try String(contentsOfFile: damagedFile, encoding: .utf8)
            try FileManager.default.removeItem(atPath: damagedFile)
            try ("{\"loss\": 0.5, \"ep\n" + text).write(toFile: damagedFile, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    /// Runs `runkit ARGS…` and checks its exit status and what stderr says.
    @discardableResult
    func expectStatus(_ status: Int32, _ arguments: [String], environment: [String: String] = [:],
                      stderr mentions: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let result = try CLI.run(arguments, environment: environment)
        #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        if let mentions {
            #expect(result.stderr.contains(mentions), "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        }
        if status == 0 { #expect(!result.stderr.contains("runkit: warning:"), sourceLocation: sourceLocation) }
        if status == 1 { #expect(result.stderr.contains("rror"), sourceLocation: sourceLocation) }
        return result
    }

    @Test("list: 0 clean, 0 with MLXP's by-design omissions as notes, 2 damaged, 1 errors (usage 1 too, not 64)")
    func list() throws {
        let damaged = try DamagedStore()
        try expectStatus(0, ["list", clean])
        let notes = try expectStatus(0, ["list", mlxp], stderr: "runkit: note: \(mlxp)/logs/22/metadata/config.yaml is missing")
        #expect(notes.stderr.contains("runkit: note: \(mlxp)/logs/23/metadata/info.yaml is missing"))
        let skipped = try expectStatus(2, ["list", damaged.path, "--format", "jsonl"], stderr: "runkit: warning: \(damaged.damagedFile) line")
        #expect(skipped.stdout.split(separator: "\n").count == 21, "every run is still listed")
        try expectStatus(1, ["list", "/no/such/store"], stderr: "does not exist")
        try expectStatus(1, ["list", clean, "--where", "metrics.loss <"], stderr: "Invalid query")
        try expectStatus(1, ["list", clean, "--bogus"], stderr: "Unknown option '--bogus'")
        try expectStatus(0, ["list", "--help"])
        try expectStatus(0, ["--version"])
    }

    @Test("show: 0, 2 only when the shown run was damaged, 1 for an unknown run")
    func show() throws {
        let damaged = try DamagedStore()
        let shown = try expectStatus(0, ["show", "19", mlxp])
        #expect(shown.stderr.isEmpty, "notes about other folders are not about run 19")
        try expectStatus(2, ["show", "2", damaged.path], stderr: damaged.damagedFile)
        // Run 5 is whole: its answer is complete, whatever else the store lost.
        let whole = try expectStatus(0, ["show", "5", damaged.path])
        #expect(whole.stderr.isEmpty)
        try expectStatus(1, ["show", "99", mlxp])
        // A run that is not there: every note is printed, since one may say why (22 never started).
        try expectStatus(1, ["show", "22", mlxp], stderr: "runkit: note: \(mlxp)/logs/22/metadata/config.yaml is missing")
    }

    @Test("fields, diff, experiments: 0, 2, 1")
    func describing() throws {
        let damaged = try DamagedStore()
        for command in [["fields"], ["diff"], ["experiments"]] {
            try expectStatus(0, command + [clean])
            try expectStatus(0, command + [mlxp])
            try expectStatus(2, command + [damaged.path])
            try expectStatus(1, command + ["/no/such/store"])
        }
        try expectStatus(1, ["diff", mlxp, "--prefix", "bogus"], stderr: "Unknown --prefix")
        try expectStatus(1, ["experiments", clean, "--experiment", "trian"], stderr: "did you mean 'train'")
    }

    @Test("group, best, export, plot: 0, 2, 1")
    func analysing() throws {
        let damaged = try DamagedStore()
        let folder = try CLI.temporaryFolder("runkit-exit-out")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let commands: [[String]] = [
            ["group", "--by", "optimizer.lr", "--agg", "mean(train.loss)"],
            ["best", "--by", "model.num_units", "--choose", "optimizer.lr", "--metric", "mean(train.loss)", "--min"],
            ["export", "--format", "csv"],
            ["plot", "--kind", "curve", "--metric", "train.loss", "--output", folder + "/loss.svg"],
        ]
        for command in commands {
            try expectStatus(0, [command[0], mlxp] + command.dropFirst())
            try expectStatus(2, [command[0], damaged.path] + command.dropFirst())
            try expectStatus(1, [command[0], "/no/such/store"] + command.dropFirst())
        }
        try expectStatus(1, ["group", mlxp, "--agg", "mean(train.los)"], stderr: "did you mean")
        try expectStatus(1, ["best", mlxp, "--choose", "optimizer.lr", "--metric", "mean(train.loss)"], stderr: "--min or --max")
        try expectStatus(1, ["export", clean, "--format", "sqlite"], stderr: "--output")
        try expectStatus(1, ["plot", mlxp, "--kind", "curve"], stderr: "--metric")
    }

    @Test("index: 0, 2, 1")
    func index() throws {
        let damaged = try DamagedStore()
        let cache = try CLI.temporaryFolder("runkit-exit-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let environment = ["RUNKIT_CACHE_DIR": cache]
        try expectStatus(0, ["index", mlxp], environment: environment)
        try expectStatus(0, ["list", mlxp, "--index"], environment: environment, stderr: "runkit: note:")
        try expectStatus(2, ["index", damaged.path], environment: environment)
        try expectStatus(2, ["list", damaged.path, "--index"], environment: environment)
        try expectStatus(1, ["index", CLI.fixtures + "/malet/exp_splits"], environment: environment, stderr: "not indexed")
    }

    @Test("grid, log merge, log resplit: 0 or 1 (they skip nothing)")
    func gridsAndLogs() throws {
        try expectStatus(0, ["grid", "--", "a=1,2", "b=x,y"])
        try expectStatus(1, ["grid", "--", "x=glob(*)"], stderr: "--config-dir")
        try expectStatus(1, ["grid"], stderr: "Give a grid YAML file")
        let folder = try CLI.temporaryFolder("runkit-exit-logs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/malet/exp_splits", toPath: folder + "/exp")
        try expectStatus(0, ["log", "merge", folder + "/all.tsv", folder + "/exp"])
        try expectStatus(1, ["log", "merge", folder + "/all.tsv", folder + "/exp"], stderr: "--force")
        try expectStatus(0, ["log", "resplit", folder + "/exp", "--splits", "2"])
        try expectStatus(1, ["log", "resplit", folder + "/nothing", "--splits", "2"])
    }
}
