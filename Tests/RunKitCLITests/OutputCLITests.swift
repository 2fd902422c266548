import Foundation
import Testing

/// Output for people and programs: every column off a terminal, the hidden ones named on it;
/// `--help` names every store kind; shell completions complete paths.
@Suite("Output for people and programs")
struct OutputCLITests {
    static let project = ReadOnlyStoreCLITests.repository + "/Examples/hydraflow-project"

    /// The column titles of a table's header line.
    static func header(_ table: String) -> [String] {
        (table.split(separator: "\n").first ?? "").split(separator: " ").map(String.init)
    }

    @Test("--format table off a terminal prints every column (COLUMNS or not) and no note")
    func everyColumnOffATerminal() throws {
        for environment in [[:], ["COLUMNS": "40"]] {
            let result = try CLI.run(["list", Self.project, "--experiment", "train"], environment: environment)
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            let header = Self.header(result.stdout)
            for title in ["run", "name", "status", "type", "lr", "seed", "accuracy", "grad_norm", "log_likelihood", "loss", "val/acc", "val/loss"] {
                #expect(header.contains(title), "\(title) missing from \(header)")
            }
        }
    }

    @Test("--format table on a terminal hides what does not fit and the note names the hidden keys",
          .enabled(if: SweepCLITests.hasScript, "skipped: util-linux script is not installed"))
    func hiddenColumnsNamedOnATerminal() throws {
        let all = Self.header(try CLI.run(["list", Self.project, "--experiment", "train"]).stdout)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(CLI.binary)' list '\(Self.project)' --experiment train", "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "100"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        process.waitUntilExit()
        let note = try #require(text.split(separator: "\n").first { $0.hasPrefix("runkit: ") && $0.contains("hidden to fit the terminal: ") })
        let named = note.split(separator: ": ", maxSplits: 2)[2].split(separator: ";")[0].split(separator: ", ").map(String.init)
        let shown = Self.header(text)
        #expect(shown.count < all.count)
        #expect(note.hasPrefix("runkit: \(all.count - shown.count) more columns hidden"), "\(note)")
        // Each hidden key is one of the columns left out, named as --columns takes it.
        let left = Set(all).subtracting(shown)
        #expect(Set(named.map { String($0.split(separator: ".", maxSplits: 1)[1]) }) == left, "\(named) vs \(left)")
        let picked = try CLI.run(["list", Self.project, "--experiment", "train", "--columns", named.joined(separator: ","), "--format", "csv"])
        #expect(picked.status == 0, "\(picked.stderr)")
    }

    @Test("export --format jsonl/json writes NaN and ±infinity as null; list --format json keeps the strings")
    func nonFiniteInExports() throws {
        let store = CLI.fixtures + "/mlxp-logs"
        let listed = try CLI.run(["list", store, "--format", "json"]).stdout
        #expect(listed.contains(#""train.loss": "Infinity""#) && listed.contains(#""test.gap": "NaN""#))
        for format in ["jsonl", "json"] {
            let exported = try CLI.run(["export", store, "--format", format, "--columns", "run_id,metrics.train.loss,metrics.test.gap"])
            #expect(exported.status == 0)   // the fixture's two skipped folders are notes
            #expect(!exported.stdout.contains("Infinity") && !exported.stdout.contains("NaN"), "\(exported.stdout)")
            #expect(exported.stdout.contains(#""metrics.train.loss":null,"metrics.test.gap":null"#) || format == "json", "\(exported.stdout)")
        }
    }

    @Test("--help names every store kind")
    func helpNamesEveryStoreKind() throws {
        for arguments in [["--help"], ["list", "--help"], ["export", "--help"]] {
            let help = try CLI.run(arguments).stdout
            for kind in ["MLflow", "HydraFlow", "MLXP", "malet"] {
                #expect(help.contains(kind), "\(arguments) does not name \(kind)")
            }
        }
    }

    @Test("bash completion completes paths for STORE, -o/--output, grid files and folders")
    func completions() throws {
        let script = try CLI.run(["--generate-completion-script", "bash"]).stdout
        /// The body of the completion function of a subcommand.
        func function(_ name: String) -> String {
            guard let start = script.range(of: "\n_runkit_\(name)() {") else { return "" }
            let rest = script[start.upperBound...]
            return String(rest[..<(rest.range(of: "\n}\n")?.lowerBound ?? rest.endIndex)])
        }
        let positionalFiles = "case \"${positional_number}\" in\n    1)\n        __runkit_add_completions -f\n"
        for command in ["list", "fields", "diff", "group", "best", "export", "plot", "experiments", "index"] {
            #expect(function(command).contains(positionalFiles), "runkit \(command) STORE")
        }
        #expect(function("show").contains("case \"${positional_number}\" in\n    2)\n        __runkit_add_completions -f\n"))
        #expect(function("export").contains("'--output'|'-o')\n        __runkit_add_completions -f\n"))
        #expect(function("plot").contains("'-o'|'--output')\n        __runkit_add_completions -o plusdirs -fX '!*.@(svg)'\n"))
        #expect(function("grid").contains("__runkit_add_completions -o plusdirs -fX '!*.@(yaml|yml)'"))
        #expect(function("sweep").contains("__runkit_add_completions -o plusdirs -fX '!*.@(yaml|yml)'"))
        for option in ["--dir", "--status", "--config-dir"] {
            #expect(function("sweep").contains("'\(option)')\n        __runkit_add_completions -d\n"), "sweep \(option)")
        }
        #expect(function("log_resplit").contains("__runkit_add_completions -d"))
        #expect(function("log_merge").contains("__runkit_add_completions -f"))
    }
}
