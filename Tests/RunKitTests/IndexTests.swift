import Foundation
import GRDB
import Testing
@testable import RunKit
@testable import RunKitStores

/// The index (`IndexedStore`) must give exactly what a full load gives, before and after the
/// store changes, and read again only what changed.
@Suite("Index")
struct IndexTests {
    /// Every run's full record with its history, as text, and the warnings' messages.
    private func snapshot(_ result: LoadResult) throws -> [String] {
        try result.runs.map { JSONWriter.string(try $0.recordWithHistory()) } + result.warnings.map(\.message)
    }

    /// A writable copy of a fixture store and an index of it in a temporary folder.
    private final class IndexedCopy {
        let copy: TemporaryCopy
        let store: any RunStoreReader
        let index: IndexedStore

        init(of fixture: String) throws {
            copy = try TemporaryCopy(of: Fixtures.path(fixture))
            store = try RunStore.open(copy.path)
            var index = IndexedStore(store, location: IndexLocation(directory: try TemporaryFolder.make("runkit-index")))
            index.trustMargin = 0   // the copy was written a moment ago
            self.index = index
        }

        deinit { try? FileManager.default.removeItem(atPath: index.location.directory) }
    }

    /// The indexed store and the store itself agree for every way of selecting runs.
    private func expectSameAsFullLoad(_ store: any RunStoreReader, _ indexed: IndexedStore,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let names = try store.experiments().map(\.name)
        var selections = [LoadOptions(), LoadOptions(view: .all), LoadOptions(view: .deletedOnly)]
        selections += names.map { LoadOptions(experiments: .names([$0]), view: .all) }
        if let run = try store.loadRuns(LoadOptions()).runs.first { selections.append(LoadOptions(runIDs: [run.id])) }
        for options in selections {
            #expect(try snapshot(indexed.loadRuns(options)) == snapshot(store.loadRuns(options)), sourceLocation: sourceLocation)
        }
    }

    /// Waits past the file system's timestamp granularity, so a change gets a new time.
    private func tick() { usleep(30_000) }

    /// Sets the modification time of every file of `folder` `seconds` from now. A minute ahead (as
    /// a network file system's clock may run) is "changed a moment ago" however long the test takes,
    /// where the copy's own times were trusted once two seconds had passed (a loaded machine got there).
    private func setModificationTimes(of folder: String, secondsFromNow seconds: Double) throws {
        let date = Date().addingTimeInterval(seconds)
        let files = try #require(FileManager.default.enumerator(atPath: folder))
        while let file = files.nextObject() as? String {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: folder + "/" + file)
        }
    }

    @Test("indexed load equals a full load, and a second load reads nothing", arguments: ["hydraflow-sqlite", "mlflow-file", "mlxp-logs"])
    func sameAsFullLoad(fixture: String) throws {
        let subject = try IndexedCopy(of: fixture)
        let (store, index) = (subject.store, subject.index)
        let all = try store.loadRuns(LoadOptions(view: .all)).runs.count
        let first = try index.refresh()
        #expect(first.reused == 0)
        #expect(first.runs.count == all)
        let second = try index.refresh()
        // Folders that hold no run (MLXP jobs that never started) are looked at again each time.
        #expect(second.read == first.units.filter { $0.run == nil }.count)
        #expect(second.reused == all)
        try expectSameAsFullLoad(store, index)
    }

    @Test("MLflow file store: appended metric, rewritten tag, new and removed runs are noticed")
    func fileStoreChanges() throws {
        let subject = try IndexedCopy(of: "mlflow-file")
        let (store, index) = (subject.store, subject.index)
        let runs = try store.loadRuns(LoadOptions()).runs
        _ = try index.refresh()
        tick()

        // A metric line appended to one run, a tag of another rewritten with as many bytes.
        let first = try #require(runs.first?.info.runDirectory)
        let metric = try #require(try FileManager.default.contentsOfDirectory(atPath: first + "/metrics").sorted().first)
        let handle = try #require(FileHandle(forWritingAtPath: first + "/metrics/" + metric))
        handle.seekToEndOfFile()
        handle.write(Data("9999999999999 0.125 999\n".utf8))
        handle.closeFile()
        let second = try #require(runs.dropFirst().first?.info.runDirectory)
        let tag = try #require(try FileManager.default.contentsOfDirectory(atPath: second + "/tags").sorted().first { !$0.hasPrefix(".") })
        let text = try String(contentsOfFile: second + "/tags/" + tag, encoding: .utf8)
        let rewritten = (text.hasPrefix("X") ? "Y" : "X") + text.dropFirst()
        try rewritten.write(toFile: second + "/tags/" + tag, atomically: false, encoding: .utf8)
        var refresh = try index.refresh()
        #expect(refresh.read == 2)
        try expectSameAsFullLoad(store, index)

        // A new run (a copy of a run under a new id) and a run folder removed.
        tick()
        let newID = String(repeating: "f", count: 32)
        let newFolder = URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent(newID).path
        try FileManager.default.copyItem(atPath: first, toPath: newFolder)
        let meta = try String(contentsOfFile: newFolder + "/meta.yaml", encoding: .utf8)
        let oldID = URL(fileURLWithPath: first).lastPathComponent
        try meta.replacingOccurrences(of: oldID, with: newID).write(toFile: newFolder + "/meta.yaml", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: second)
        refresh = try index.refresh()
        #expect(refresh.read == 1)
        #expect(refresh.removed == 1)
        #expect(refresh.runs.contains { $0.id == newID })
        try expectSameAsFullLoad(store, index)
        #expect(try index.refresh().read == 0)
    }

    @Test("MLflow SQLite: a changed config, a new tag and a deleted run are noticed")
    func sqliteChanges() throws {
        let subject = try IndexedCopy(of: "hydraflow-sqlite")
        let (store, index) = (subject.store, subject.index)
        let runs = try store.loadRuns(LoadOptions()).runs
        _ = try index.refresh()
        tick()

        // A config rewritten: found by its signature while the database is unchanged.
        let withConfig = try #require(runs.first { !$0.flatConfig.isEmpty })
        let configPath = try #require(withConfig.info.artifactsDirectory) + "/.hydra/config.yaml"
        try "changed:\n  by: test\n".write(toFile: configPath, atomically: false, encoding: .utf8)
        var refresh = try index.refresh()
        #expect(refresh.read == 1)
        #expect(refresh.queriedDatabase)
        try expectSameAsFullLoad(store, index)
        let unchanged = try index.refresh()
        #expect(unchanged.read == 0)
        #expect(!unchanged.queriedDatabase)

        // The database written: tables read again, every config reused.
        tick()
        let database = try DatabaseQueue(path: subject.copy.path + "/mlflow.db")
        let tagged = runs[1].id, deleted = runs[2].id
        try database.write { db in
            try db.execute(sql: "INSERT INTO tags (key, value, run_uuid) VALUES ('note', 'added by a test', ?)", arguments: [tagged])
            for table in ["tags", "params", "metrics", "latest_metrics"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE run_uuid = ?", arguments: [deleted])
            }
            try db.execute(sql: "DELETE FROM runs WHERE run_uuid = ?", arguments: [deleted])
        }
        try database.close()
        refresh = try index.refresh()
        #expect(refresh.read == 0)
        #expect(refresh.queriedDatabase)
        #expect(refresh.removed == 1)
        #expect(refresh.runs.first { $0.id == tagged }?.tags["note"] == "added by a test")
        try expectSameAsFullLoad(store, index)

        // With the default margin, a database written a moment ago is queried at every load.
        try setModificationTimes(of: subject.copy.path, secondsFromNow: 60)
        let cautious = IndexedStore(store, location: index.location)
        try cautious.removeIndex()
        // Configs written a moment ago are not kept either: every load reads them again.
        for _ in 0..<2 {
            let refresh = try cautious.refresh()
            #expect(refresh.queriedDatabase)
            #expect(refresh.read == refresh.runs.count { $0.info.artifactsDirectory != nil })
        }
        #expect(try snapshot(cautious.loadRuns(LoadOptions(view: .all))) == snapshot(store.loadRuns(LoadOptions(view: .all))))
    }

    @Test("MLXP: an appended metric line is noticed; skipped folders warn every time")
    func mlxpChanges() throws {
        let subject = try IndexedCopy(of: "mlxp-logs")
        let (store, index) = (subject.store, subject.index)
        let plain = try store.loadRuns(LoadOptions())
        #expect(!plain.warnings.isEmpty)
        _ = try index.refresh()
        tick()
        let folder = try #require(plain.runs.first?.info.runDirectory)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/metrics").filter { $0.hasSuffix(".json") }.sorted().first)
        let handle = try #require(FileHandle(forWritingAtPath: folder + "/metrics/" + file))
        handle.seekToEndOfFile()
        handle.write(Data("{\"epoch\": 99}\n".utf8))
        handle.closeFile()
        let refresh = try index.refresh()
        #expect(refresh.read == 1 + plain.warnings.count)
        try expectSameAsFullLoad(store, index)
    }

    @Test("a damaged index file is rebuilt; recently changed files are not trusted")
    func damagedIndexAndRacyFiles() throws {
        let subject = try IndexedCopy(of: "mlflow-file")
        let (store, index) = (subject.store, subject.index)
        // With the default margin, files written a moment ago are read again every time.
        try setModificationTimes(of: subject.copy.path, secondsFromNow: 60)
        let cautious = IndexedStore(store, location: index.location)
        _ = try cautious.refresh()
        #expect(try cautious.refresh().reused == 0)
        try setModificationTimes(of: subject.copy.path, secondsFromNow: -60)

        let first = try index.refresh()
        let path = try #require(first.indexPath)
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: path))
        let rebuilt = try index.refresh()
        #expect(rebuilt.reused == 0)
        try expectSameAsFullLoad(store, index)

        // An index of an older format (other columns) is made anew, then used.
        try FileManager.default.removeItem(atPath: path)
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE runs (unit TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, record BLOB NOT NULL);
                INSERT INTO meta VALUES ('identity', CAST('1|mlflow-file|somewhere' AS BLOB));
                """)
        }
        try old.close()
        _ = try index.refresh()
        #expect(try index.refresh().reused == rebuilt.runs.count)

        // Tables of an unexpected shape under the current identity: the write fails, the file is
        // removed, and the next load rebuilds it.
        try FileManager.default.removeItem(atPath: path)
        let odd = try DatabaseQueue(path: path)
        let identity = "\(RunRecord.formatVersion)|\(store.kind.rawValue)|\(PosixFileSystem.absolute(store.path))|\(TimeZone.current.identifier)"
        try odd.write { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE runs (unit TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, record BLOB NOT NULL);
                CREATE TABLE configs (folder TEXT PRIMARY KEY, signature BLOB NOT NULL, config BLOB NOT NULL);
                """)
            try db.execute(sql: "INSERT INTO meta VALUES ('identity', CAST(? AS BLOB))", arguments: [identity])
        }
        try odd.close()
        try expectSameAsFullLoad(store, index)
        _ = try index.refresh()
        #expect(try index.refresh().reused == rebuilt.runs.count)
    }

    @Test("an index inside the store is refused by the library, before anything is written", arguments: ["hydraflow-sqlite", "mlflow-file", "mlxp-logs"])
    func indexInsideTheStore(fixture: String) throws {
        let copy = try TemporaryCopy(of: Fixtures.path(fixture))
        let store = try RunStore.open(copy.path)
        let inside = StoreFootprint(store).folders.first! + "/.cache"
        let indexed = store.indexed(at: IndexLocation(directory: inside))
        let error = #expect(throws: RunKitError.self) { try indexed.refresh() }
        #expect(error?.description.contains("would be written into the store") == true)
        #expect(throws: RunKitError.self) { try indexed.loadRuns(LoadOptions()) }
        #expect(!FileManager.default.fileExists(atPath: inside))
        // A footprint with the runs' folders: an index inside a run folder is refused too.
        let cache = try TemporaryFolder.make("runkit-index")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let outside = store.indexed(at: IndexLocation(directory: cache))
        try outside.checkPlacement()
        var footprint = StoreFootprint(store)
        let runs = try store.loadRuns(LoadOptions()).runs
        footprint.add(runs)
        let runFolder = try #require(runs.first?.info.runDirectory)
        #expect(throws: RunKitError.self) {
            try store.indexed(at: IndexLocation(directory: runFolder + "/cache")).checkPlacement(footprint)
        }
    }

    @Test("a run shown is read again in one snapshot from an SQLite store (and through its index); other stores give it as it is")
    func snapshotOfOneRun() throws {
        let subject = try IndexedCopy(of: "hydraflow-sqlite")
        let run = try #require(try subject.store.loadRuns(LoadOptions()).runs.first)
        let database = try DatabaseQueue(path: subject.copy.path + "/mlflow.db")
        try database.write { db in
            try db.execute(sql: "UPDATE runs SET status = 'KILLED' WHERE run_uuid = ?", arguments: [run.id])
        }
        try database.close()
        for reader in [subject.store, subject.index] as [any RunStoreReader] {
            let shown = try reader.snapshot(of: run)
            #expect(shown !== run && shown.info.status == .killed)
            #expect(try shown.metricHistory() == run.metricHistory())
        }
        let files = try RunStore.open(Fixtures.path("mlflow-file"))
        let other = try #require(try files.loadRuns(LoadOptions()).runs.first)
        #expect(try files.snapshot(of: other) === other)
    }

    @Test("the record format round-trips every kind of value")
    func recordRoundTrip() throws {
        let config: ConfigValue = ["a": ["b": 1, "c": [1.5, "x", true, .null, ["d": -7]]], "e": .double(.nan)]
        let info = RunInfo(runID: "r1", runName: "n", experimentID: "0", experimentName: "e", status: .killed,
                           startTime: -5, endTime: nil, userID: "ü", raw: ["k": .int(Int.min), "s": "ß"])
        let run = Run(info: info, config: config, params: ["p": "1e-3"], metrics: ["m": -.infinity],
                      metricValues: ["v": ["x": 1]], tags: ["t": ""])
        let bytes = RunRecord.encode(run)
        let back = try bytes.withUnsafeBytes { try RunRecord.decode($0, history: { [:] }) }
        #expect(JSONWriter.string(back.record()) == JSONWriter.string(run.record()))
        #expect(back.config["a.c"] == config["a.c"])
        #expect(RunRecord.encode(back) == bytes)
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ByteReader.Truncated.self) {
                try Array(bytes.prefix(cut)).withUnsafeBytes { try RunRecord.decode($0, history: { [:] }) }
            }
        }
    }
}
