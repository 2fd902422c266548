import Testing
@testable import RunKit

@Suite("Run folders (HydraFlow's Run.load(paths))")
struct RunFoldersTests {
    @Test("SQLite run folders find mlflow.db beside mlruns/, in the order given, deleted included")
    func sqliteFolders() throws {
        let root = Fixtures.path("hydraflow-sqlite")
        let ids = ["ecd27ed97310426a99836d364b3b720e", "6d2e1562acc84297a5b5d7f2a0d7c5f9", "19ada88b710c4a85b604ca0ba63b3bca"]
        let result = try RunFolders.load(ids.map { root + "/mlruns/1/" + $0 } + [root + "/mlruns/2/5d22b416641a429ebceede3566bd59a8/artifacts"])
        #expect(result.runs.map(\.id) == ids + ["5d22b416641a429ebceede3566bd59a8"])
        #expect(result.runs[1].info.isDeleted)
        #expect(result.runs[0].metrics["loss"] != nil)
        #expect(result.runs[3].config["model.hidden_size"] == 256)
    }

    @Test("file-store run folders read their own files")
    func fileFolders() throws {
        let root = Fixtures.path("mlflow-file/mlruns")
        let result = try RunFolders.load([root + "/0/5cae461ef63e4408a9223926a42ac3ab"])
        #expect(result.runs.map(\.info.runName) == ["scratch"])
    }

    @Test("a folder that is not a run is a clear error")
    func notARun() {
        #expect(throws: RunKitError.self) { try RunFolders.load([Fixtures.path("hydraflow-sqlite/mlruns")]) }
        #expect(throws: RunKitError.self) { try RunFolders.load(["/no/such/run"]) }
    }
}
