import Foundation
import GRDB
import Testing
@testable import RunKit

@Suite("MLflow SQLite store, older schemas")
struct MLflowOldSchemaTests {
    /// A database shaped like MLflow 1.x wrote it: no latest_metrics, no metric steps or
    /// is_nan, no experiment creation times.
    func makeOldDatabase() throws -> (folder: String, path: String) {
        let folder = try TemporaryFolder.make("runkit-old")
        let path = folder + "/mlflow.db"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256), artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32));
                CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500),
                  entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(20), start_time BIGINT, end_time BIGINT,
                  source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
                CREATE TABLE metrics (key VARCHAR(250), value FLOAT, timestamp BIGINT, run_uuid VARCHAR(32));
                CREATE TABLE params (key VARCHAR(250), value VARCHAR(250), run_uuid VARCHAR(32));
                CREATE TABLE tags (key VARCHAR(250), value VARCHAR(250), run_uuid VARCHAR(32));
                INSERT INTO experiments VALUES (0, 'Default', '/gone/mlruns/0', 'active');
                INSERT INTO runs VALUES ('r1', 'first', 'LOCAL', 'x.py', '', 'me', 'FINISHED', 100, 200, '', 'active', '/gone/mlruns/0/r1/artifacts', 0);
                INSERT INTO runs VALUES ('r2', 'second', 'LOCAL', 'x.py', '', 'me', 'RUNNING', 300, NULL, '', 'active', '/gone/mlruns/0/r2/artifacts', 0);
                INSERT INTO metrics VALUES ('loss', 1.0, 10, 'r1'), ('loss', 0.5, 20, 'r1'), ('loss', 0.7, 15, 'r1');
                INSERT INTO params VALUES ('lr', '0.1', 'r1');
                INSERT INTO tags VALUES ('mlflow.runName', 'first', 'r1');
                """)
        }
        try FileManager.default.createDirectory(atPath: folder + "/mlruns/0/r1/artifacts/.hydra", withIntermediateDirectories: true)
        try "model:\n  type: mlp\nseed: 3\n".write(toFile: folder + "/mlruns/0/r1/artifacts/.hydra/config.yaml", atomically: true, encoding: .utf8)
        return (folder, path)
    }

    @Test("loads runs, params, tags, latest metrics and history without the newer tables and columns")
    func oldSchema() throws {
        let (folder, path) = try makeOldDatabase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try MLflowSQLiteStore(databasePath: path).loadRuns(LoadOptions())
        #expect(result.runs.map(\.id) == ["r2", "r1"])
        let first = result.runs[1]
        #expect(first.metrics["loss"] == 0.5, "largest timestamp wins when every step is 0")
        #expect(first.params == ["lr": "0.1"])
        #expect(first.config["model.type"] == "mlp")
        #expect(first.info.artifactsDirectory == folder + "/mlruns/0/r1/artifacts")
        #expect(try first.history("loss")?.map(\.value) == [1.0, 0.7, 0.5])
        #expect(result.runs[0].info.endTime == nil)
        #expect(result.runs[0].info.status == .running)
        #expect(try MLflowSQLiteStore(databasePath: path).experiments().first?.creationTime == nil)
    }

    @Test("the store is opened read-only: loading never changes the file")
    func readOnly() throws {
        let (folder, path) = try makeOldDatabase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let store = try MLflowSQLiteStore(databasePath: path)
        for run in try store.loadRuns(LoadOptions(view: .all)).runs { _ = try run.metricHistory() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["mlflow.db", "mlruns"])
    }
}
