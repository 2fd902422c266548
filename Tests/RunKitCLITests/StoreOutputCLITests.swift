import Foundation
import Testing

/// `export -o`, `plot -o`, `--png` and the index refuse to write onto a store being read (its
/// files, by path, symbolic or hard link, and its folders); what they write elsewhere is atomic.
@Suite("Outputs never land on the store being read")
struct StoreOutputCLITests {
    /// A copy of a fixture (or of the example project) in a new temporary folder.
    static func copy(_ relative: String) throws -> (folder: String, store: String) {
        let folder = try CLI.temporaryFolder("runkit-output")
        let store = folder + "/" + (relative as NSString).lastPathComponent
        try Files.copy(ReadOnlyStoreCLITests.repository + "/" + relative, to: store)
        return (folder, store)
    }

    /// Runs `arguments`, expects exit 1 with a refusal naming `output`, and the store unchanged.
    static func expectRefusal(_ arguments: [String], store: String, output: String, environment: [String: String] = [:],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Snapshot(store)
        let result = try CLI.run(arguments, environment: environment)
        #expect(result.status == 1, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("of the store being read"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(output), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let changes = try Snapshot(store).differences(to: before)
        #expect(changes.isEmpty, "\(changes)", sourceLocation: sourceLocation)
    }

    @Test("export -o onto the MLflow database, a link to it, or inside mlruns/ is refused; the database is kept")
    func exportOntoTheDatabase() throws {
        let (folder, store) = try Self.copy("Examples/hydraflow-project")
        defer { Files.removeTree(folder) }
        let database = store + "/mlflow.db"
        // The report: this used to replace the 1.2 MB database with a 16 KB export.
        try Self.expectRefusal(["export", database, "--format", "sqlite", "-o", database], store: store, output: database)
        try Self.expectRefusal(["export", store, "--format", "csv", "--output", database], store: store, output: database)
        try Self.expectRefusal(["export", store, "-o", database + "-wal"], store: store, output: database + "-wal")
        let symbolic = folder + "/link.db"
        try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: database)
        try Self.expectRefusal(["export", store, "--format", "sqlite", "-o", symbolic], store: store, output: symbolic)
        let hard = folder + "/hard.db"
        try FileManager.default.linkItem(atPath: database, toPath: hard)
        try Self.expectRefusal(["export", store, "--format", "sqlite", "-o", hard], store: store, output: hard)
        // Through a symbolic link to the project folder, and inside mlruns/.
        try FileManager.default.createSymbolicLink(atPath: folder + "/project", withDestinationPath: store)
        try Self.expectRefusal(["export", store, "-o", folder + "/project/mlflow.db"], store: store, output: folder + "/project/mlflow.db")
        try Self.expectRefusal(["export", store, "-o", store + "/mlruns/runs.csv"], store: store, output: store + "/mlruns/runs.csv")
        try Self.expectRefusal(["export", store, "-o", folder + "/project/mlruns/1/runs.csv"], store: store, output: folder + "/project/mlruns/1/runs.csv")

        // The project folder holding the store is not the store: an export beside mlflow.db is fine.
        let beside = try CLI.run(["export", store, "--format", "csv", "-o", store + "/runs.csv"])
        #expect(beside.status == 0, "\(beside.stderr)")
        #expect(try String(contentsOfFile: store + "/runs.csv", encoding: .utf8).hasPrefix("run_id,"))
    }

    @Test("export and plot -o inside an MLflow file store, an MLXP log folder or a malet experiment are refused")
    func outputsInsideStoreFolders() throws {
        for (fixture, inside) in [("Tests/Fixtures/mlflow-file", "mlruns/runs.csv"), ("Tests/Fixtures/mlxp-logs", "logs/runs.csv"),
                                  ("Tests/Fixtures/malet/exp_splits", "runs.csv"), ("Tests/Fixtures/malet/exp_splits", "log_splits/split_0.tsv")] {
            let (folder, store) = try Self.copy(fixture)
            defer { Files.removeTree(folder) }
            let output = store + "/" + inside
            try Self.expectRefusal(["export", store, "--format", "csv", "-o", output], store: store, output: output)
            try Self.expectRefusal(["plot", store, "--kind", "scatter", "--x", "start_time", "--y", "start_time", "-o", output],
                                   store: store, output: output)
        }
        // A malet log given as the store: the log itself.
        let (folder, store) = try Self.copy("Tests/Fixtures/malet/exp_splits")
        defer { Files.removeTree(folder) }
        let log = store + "/log_splits/split_1.tsv"
        try Self.expectRefusal(["export", log, "--format", "tsv", "-o", log], store: store, output: log)
    }

    @Test("plot --png refuses a PNG path on the store before writing the SVG")
    func pngOntoTheStore() throws {
        let (folder, store) = try Self.copy("Tests/Fixtures/hydraflow-sqlite")
        defer { Files.removeTree(folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/plot.png", withDestinationPath: store + "/mlflow.db")
        try Self.expectRefusal(["plot", store, "--kind", "scatter", "--x", "optimizer.lr", "--y", "metrics.accuracy",
                                "-o", folder + "/plot.svg", "--png"], store: store, output: folder + "/plot.png")
        #expect(!FileManager.default.fileExists(atPath: folder + "/plot.svg"))
    }

    @Test("an index inside the store (RUNKIT_CACHE_DIR there) is refused by --index reads and by index")
    func indexInsideTheStore() throws {
        let (folder, store) = try Self.copy("Tests/Fixtures/mlxp-logs")
        defer { Files.removeTree(folder) }
        let cache = ["RUNKIT_CACHE_DIR": store + "/logs/.cache"]
        for arguments in [["list", store, "--index"], ["index", store]] {
            let before = try Snapshot(store)
            let result = try CLI.run(arguments, environment: cache)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("RUNKIT_CACHE_DIR"), "\(result.stderr)")
            #expect(try Snapshot(store).differences(to: before).isEmpty)
        }
        let outside = try CLI.run(["list", store, "--index"], environment: ["RUNKIT_CACHE_DIR": folder + "/cache"])
        #expect(outside.status == 0, "\(outside.stderr)")   // the fixture's two skipped folders are notes
        #expect(FileManager.default.fileExists(atPath: folder + "/cache"))
    }

    @Test("export replaces a file through a symbolic link (the link kept) and leaves no temporary file")
    func atomicReplacement() throws {
        let folder = try CLI.temporaryFolder("runkit-output")
        defer { Files.removeTree(folder) }
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: folder + "/real.csv"))
        chmod(folder + "/real.csv", 0o600)
        try FileManager.default.createSymbolicLink(atPath: folder + "/runs.csv", withDestinationPath: "real.csv")
        let result = try CLI.run(["export", CLI.fixtures + "/hydraflow-sqlite", "-o", folder + "/runs.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/runs.csv") == "real.csv")
        #expect(try String(contentsOfFile: folder + "/real.csv", encoding: .utf8).hasPrefix("run_id,"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/real.csv")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["real.csv", "runs.csv"])
        // A device is written in place, never replaced (as root, a rename would replace /dev/null).
        let discarded = try CLI.run(["export", CLI.fixtures + "/hydraflow-sqlite", "-o", "/dev/null"])
        #expect(discarded.status == 0, "\(discarded.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        let stdout = try CLI.run(["export", CLI.fixtures + "/hydraflow-sqlite", "--format", "jsonl", "-o", "/dev/stdout"])
        #expect(stdout.status == 0 && stdout.stdout.hasPrefix("{\"run_id\":"), "\(stdout.stderr)")
        let folderOutput = try CLI.run(["export", CLI.fixtures + "/hydraflow-sqlite", "-o", folder])
        #expect(folderOutput.status == 1 && folderOutput.stderr.contains("it is a folder"), "\(folderOutput.stderr)")
        // A write that fails (no such folder) is one sentence, exit 1, and leaves nothing.
        let failed = try CLI.run(["export", CLI.fixtures + "/hydraflow-sqlite", "--format", "sqlite", "-o", folder + "/missing/runs.db"])
        #expect(failed.status == 1)
        #expect(failed.stderr == "runkit: error: Cannot write \(folder)/missing/runs.db: the folder \(folder)/missing does not exist.\n", "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["real.csv", "runs.csv"])
    }

    @Test("log merge refuses an output that links to one of its inputs")
    func mergeOntoAnInputByLink() throws {
        let (folder, store) = try Self.copy("Tests/Fixtures/malet/exp_splits")
        defer { Files.removeTree(folder) }
        let input = store + "/log_splits/split_0.tsv"
        try FileManager.default.linkItem(atPath: input, toPath: folder + "/hard.tsv")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.tsv", withDestinationPath: input)
        for output in [folder + "/hard.tsv", folder + "/link.tsv"] {
            let before = try Snapshot(store)
            let result = try CLI.run(["log", "merge", output, store, "--force"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("is one of the inputs"), "\(result.stderr)")
            #expect(try Snapshot(store).differences(to: before).isEmpty)
        }
    }
}
