import Foundation
import Testing

/// Every read command over every kind of store leaves the store byte for byte and mtime for
/// mtime as it was: in a writable copy, in a `chmod -R a-w` copy (root writes there anyway, so
/// the listing comparison is what catches a write), and as `nobody` against the read-only copy
/// (where a needed write would fail and change the exit status).
@Suite("Reading never writes into the store")
struct ReadOnlyStoreCLITests {
    /// A store to read, with keys its runs have.
    struct Fixture: CustomStringConvertible, Sendable {
        var path: String
        var metric: String
        var by: String
        var choose: String
        var description: String { path }
    }

    static let repository = URL(fileURLWithPath: CLI.fixtures).deletingLastPathComponent().deletingLastPathComponent().path

    static let fixtures: [Fixture] = [
        Fixture(path: "Tests/Fixtures/hydraflow-sqlite", metric: "metrics.accuracy", by: "config.model.type", choose: "config.optimizer.lr"),
        Fixture(path: "Tests/Fixtures/mlflow-file", metric: "metrics.accuracy", by: "experiment_name", choose: "start_time"),
        Fixture(path: "Tests/Fixtures/mlxp-logs", metric: "train.loss", by: "config.model.num_units", choose: "config.optimizer.lr"),
        Fixture(path: "Tests/Fixtures/malet/exp_splits", metric: "best_acc", by: "config.optimizer", choose: "config.lr"),
        Fixture(path: "Tests/Fixtures/malet", metric: "best_acc", by: "config.model", choose: "config.lr"),
        Fixture(path: "Examples/hydraflow-project", metric: "metrics.accuracy", by: "config.model.type", choose: "config.optimizer.lr"),
    ]

    enum Mode: String, CaseIterable {
        case writable, readOnly = "read-only", nobody = "read-only-as-nobody"
    }

    /// The read commands, each with the environment it needs; `out` is a folder outside the store.
    static func commands(_ fixture: Fixture, store: String, runID: String, out: String, cache: String) -> [(arguments: [String], environment: [String: String])] {
        let plain: [[String]] = [
            ["list", store], ["list", store, "--format", "json"], ["list", store, "--format", "csv", "--columns", "run_id,status"],
            ["list", store, "--no-index"], ["show", runID, store], ["fields", store], ["diff", store],
            ["group", store, "--by", fixture.by, "--agg", "count()", "--agg", "mean(\(fixture.metric))"],
            ["best", store, "--by", fixture.by, "--choose", fixture.choose, "--metric", "mean(\(fixture.metric))", "--min"],
            ["export", store, "--format", "csv"], ["export", store, "--format", "jsonl"], ["export", store, "--history", "--format", "tsv"],
            ["export", store, "--format", "csv", "-o", out + "/runs.csv"], ["export", store, "--format", "sqlite", "-o", out + "/runs.db"],
            ["export", store, "--format", "json", "--output", out + "/runs.json"],
            ["experiments", store],
            ["plot", store, "--kind", "bar", "--metric", fixture.metric, "--by", fixture.by],
            ["plot", store, "--kind", "scatter", "--x", fixture.choose, "--y", fixture.metric, "-o", out + "/plot.svg"],
            ["sweep", "--status", store],
        ]
        let indexed: [[String]] = [["list", store, "--index"], ["index", store], ["group", store, "--index", "--by", fixture.by]]
        return plain.map { ($0, [:]) } + indexed.map { ($0, ["RUNKIT_CACHE_DIR": cache]) }
    }

    @Test("every read command leaves the store as it was", arguments: fixtures)
    func readsLeaveTheStoreAlone(_ fixture: Fixture) throws {
        let root = try CLI.temporaryFolder("runkit-read-only")
        defer { Files.removeTree(root) }
        chmod(root, 0o755)
        let nobody = Files.canRunAsNobody(folder: root)
        var statuses: [String: Int32] = [:]
        for mode in Mode.allCases where mode != .nobody || nobody {
            let folder = root + "/" + mode.rawValue
            let out = folder + "/out", cache = folder + "/cache"
            for made in [folder, out, cache] {
                try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
                chmod(made, 0o777)
            }
            let store = folder + "/" + (fixture.path as NSString).lastPathComponent
            try Files.copy(Self.repository + "/" + fixture.path, to: store)
            if mode != .writable { try Files.run(["chmod", "-R", "a-w", store]) }
            let before = try Snapshot(store)
            let runID = try CLI.run(["list", store, "--format", "csv", "--columns", "run_id", "--limit", "1"]).stdout
                .split(whereSeparator: \.isNewline).dropFirst().first.map(String.init) ?? "none"
            for (arguments, environment) in Self.commands(fixture, store: store, runID: runID, out: out, cache: cache) {
                let result = mode == .nobody ? try Files.runAsNobody(CLI.binary, arguments, environment: environment)
                                             : try CLI.run(arguments, environment: environment)
                let name = arguments.map { $0.replacingOccurrences(of: folder, with: "…") }.joined(separator: " ")
                #expect(!result.stderr.lowercased().contains("permission denied"), "\(mode) \(name): \(result.stderr)")
                if let wanted = statuses[name] {
                    #expect(result.status == wanted, "\(mode) \(name): exit \(result.status), \(wanted) in a writable copy: \(result.stderr)")
                } else {
                    statuses[name] = result.status
                    #expect(result.status != 1 || arguments.starts(with: ["sweep"]) || arguments.starts(with: ["index"]),
                            "\(name): exit 1: \(result.stderr)")
                }
            }
            let after = try Snapshot(store)
            #expect(before.differences(to: after).isEmpty, "\(mode) \(fixture.path): \(before.differences(to: after))")
            // The outputs outside are whole and no temporary file is left beside them.
            let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(written == ["plot.svg", "runs.csv", "runs.db", "runs.json"], "\(mode): \(written)")
            if mode != .writable { try Files.run(["chmod", "-R", "u+w", store]) }
        }
    }
}

/// Every file and folder under a path: kind, permissions, size, modification time to the
/// nanosecond, and a file's bytes (a link's target).
struct Snapshot: Equatable {
    struct Entry: Equatable {
        var mode: UInt32
        var size: Int64
        var modified: Int64
        var bytes: Data
    }

    var entries: [String: Entry] = [:]

    init(_ root: String) throws {
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
            var bytes = Data()
            switch info.st_mode & S_IFMT {
            case S_IFREG: bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            case S_IFLNK: bytes = Data(try FileManager.default.destinationOfSymbolicLink(atPath: path).utf8)
            case S_IFDIR:
                for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                    pending.append(relative.isEmpty ? name : relative + "/" + name)
                }
            default: break
            }
            entries[relative.isEmpty ? "." : relative] = Entry(
                mode: UInt32(info.st_mode), size: Int64(info.st_size),
                modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), bytes: bytes)
        }
    }

    /// One line per path added, removed or changed (and what changed).
    func differences(to other: Snapshot) -> [String] {
        var lines: [String] = []
        for path in Set(entries.keys).union(other.entries.keys).sorted() {
            switch (entries[path], other.entries[path]) {
            case (nil, _?): lines.append("added \(path)")
            case (_?, nil): lines.append("removed \(path)")
            case let (a?, b?) where a != b:
                var what: [String] = []
                if a.mode != b.mode { what.append("mode") }
                if a.size != b.size { what.append("size \(a.size) → \(b.size)") }
                if a.modified != b.modified { what.append("mtime") }
                if a.bytes != b.bytes { what.append("bytes") }
                lines.append("changed \(path): \(what.joined(separator: ", "))")
            default: break
            }
        }
        return lines
    }
}

/// File chores of the tests: copies that keep modes and times, permissions, running as nobody.
enum Files {
    /// Runs a program to its end; throws when it fails.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed"])
        }
    }

    /// `cp -a`: modes and modification times kept.
    static func copy(_ source: String, to destination: String) throws {
        try run(["cp", "-a", source, destination])
    }

    /// Removes a tree, write permission given back first.
    static func removeTree(_ path: String) {
        try? run(["chmod", "-R", "u+w", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// True when this process is root, `setpriv` exists, and `nobody` can run the binary and
    /// read `folder`.
    static func canRunAsNobody(folder: String) -> Bool {
        guard getuid() == 0, setpriv != nil else { return false }
        return (try? runAsNobody(CLI.binary, ["--version"]).status) == 0
            && (try? runAsNobody("/bin/ls", [folder]).status) == 0
    }

    /// Runs `program ARGS…` as the user `nobody` (uid and gid 65534, no groups).
    static func runAsNobody(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", program] + arguments
        return try CLI.runCommand([setpriv ?? "/usr/bin/setpriv"] + asNobody,
                                  environment: environment.merging(["HOME": "/nonexistent"]) { given, _ in given }, directory: "/")
    }
}
