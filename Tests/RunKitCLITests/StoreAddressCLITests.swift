import Foundation
import Testing

/// STORE and `MLFLOW_TRACKING_URI` resolved as MLflow's client resolves a tracking URI: relative
/// paths against the working directory, `sqlite:///rel` and `sqlite:////abs`, `file:` URIs; without
/// either, `./mlruns` when it holds experiments, else `./mlflow.db`.
@Suite("store addresses")
struct StoreAddressCLITests {
    /// A project folder: `mlflow.db` (28 active runs) with its artifacts in `mlruns/` (no
    /// experiment metadata there), `sub dir/other.db` (the same database), and `files/mlruns`,
    /// an MLflow file store (31 runs).
    static func project() throws -> String {
        let folder = try CLI.temporaryFolder("runkit-addresses")
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlflow.db", toPath: folder + "/mlflow.db")
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlruns", toPath: folder + "/mlruns")
        try FileManager.default.createDirectory(atPath: folder + "/sub dir", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: folder + "/mlflow.db", toPath: folder + "/sub dir/other.db")
        try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: folder + "/files/mlruns")
        return folder
    }

    /// How many runs `runkit list` prints for `store` (as STORE, or as MLFLOW_TRACKING_URI).
    static func count(_ store: String?, trackingURI: String? = nil, in directory: String) throws -> (Int, CLIResult) {
        var arguments = ["list", "--format", "json", "--columns", "run_id"]
        if let store { arguments.insert(store, at: 1) }
        let result = try CLI.run(arguments, environment: trackingURI.map { ["MLFLOW_TRACKING_URI": $0] } ?? [:], directory: directory)
        return (result.stdout.components(separatedBy: "\"run_id\"").count - 1, result)
    }

    @Test("every form MLflow accepts reads the same store, as STORE and as MLFLOW_TRACKING_URI")
    func forms() throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let cases: [(String, Int)] = [
            ("sqlite:///mlflow.db", 28), ("sqlite:///./mlflow.db", 28), ("sqlite:////\(absolute.dropFirst())/mlflow.db", 28),
            ("sqlite:///sub%20dir/other.db", 28), ("sqlite+pysqlite:///mlflow.db?timeout=5", 28),
            ("sqlite:///file:mlflow.db?uri=true&mode=ro", 28), ("mlflow.db", 28), (absolute, 28),
            ("file:files/mlruns", 31), ("file:./files/mlruns", 31), ("file://\(absolute)/files/mlruns", 31),
            ("file://localhost\(absolute)/files/mlruns", 31), ("files/mlruns", 31),
        ]
        for (address, runs) in cases {
            let (asStore, storeResult) = try Self.count(address, in: folder)
            #expect(asStore == runs, "\(address) as STORE: \(storeResult.stderr)")
            let (asURI, uriResult) = try Self.count(nil, trackingURI: address, in: folder)
            #expect(asURI == runs, "MLFLOW_TRACKING_URI=\(address): \(uriResult.stderr)")
        }
        // Relative to the working directory, `..` included.
        #expect(try Self.count("sqlite:///../mlflow.db", in: folder + "/sub dir").0 == 28)
        #expect(try Self.count(nil, trackingURI: "sqlite:///../mlflow.db", in: folder + "/sub dir").0 == 28)
        // MLflow percent-decodes a tracking URI that is a bare path.
        #expect(try Self.count(nil, trackingURI: "sub%20dir/other.db", in: folder).0 == 28)
    }

    @Test("an address that names no local store is one sentence naming what it resolved to")
    func badAddresses() throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let cases: [(String, String)] = [
            ("sqlite:///missing.db", "sqlite:///missing.db names \(absolute)/missing.db, which does not exist."),
            ("file:nowhere", "file:nowhere names \(absolute)/nowhere, which does not exist."),
            ("sqlite://", "names an in-memory database, which holds no runs"),
            ("sqlite:///:memory:", "names an in-memory database, which holds no runs"),
            ("sqlite://host/x.db", "a SQLite URL has no host"),
            ("sqlite:mlflow.db", "is not a SQLite URL"),
            // http(s):// and postgresql:// are read since issue 19 (RemoteStoreCLITests); these still are not.
            ("mysql://user@host/mlflow", "is not a local store"),
            ("databricks://profile", "is not a local store"),
        ]
        for (address, message) in cases {
            let (_, result) = try Self.count(address, in: folder)
            #expect(result.status == 1)
            #expect(result.stderr.contains(message), "\(address): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            let (_, viaURI) = try Self.count(nil, trackingURI: address, in: folder)
            #expect(viaURI.status == 1)
            #expect(viaURI.stderr.contains(message), "MLFLOW_TRACKING_URI=\(address): \(viaURI.stderr)")
        }
        let (_, named) = try Self.count(nil, trackingURI: "sqlite:///missing.db", in: folder)
        #expect(named.stderr.contains("MLFLOW_TRACKING_URI=sqlite:///missing.db names"))
    }

    @Test("without STORE or MLFLOW_TRACKING_URI: ./mlruns when it holds experiments (MLflow's choice), else ./mlflow.db")
    func defaultStore() throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // mlruns/ holds only artifacts (no experiment meta.yaml): mlflow.db.
        #expect(try Self.count(nil, in: folder).0 == 28)
        #expect(try Self.count(nil, trackingURI: "", in: folder).0 == 28)
        // mlruns/ holds experiments: MLflow's client reads it, not mlflow.db.
        try FileManager.default.removeItem(atPath: folder + "/mlruns")
        try FileManager.default.moveItem(atPath: folder + "/files/mlruns", toPath: folder + "/mlruns")
        #expect(try Self.count(nil, in: folder).0 == 31)
        // No mlflow.db: mlruns.
        try FileManager.default.removeItem(atPath: folder + "/mlflow.db")
        #expect(try Self.count(nil, in: folder).0 == 31)
    }
}
