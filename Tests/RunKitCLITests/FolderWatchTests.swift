import Foundation
import Testing
import RunKit
@testable import RunKitServer

/// The inotify watch of a file store (`FolderWatch`) places each change in its run folder, and
/// when it runs out of watches a served store falls back to walking its files (and still sees
/// every change).
@Suite("serve: inotify watch")
struct FolderWatchTests {
    static let experiment = "438572781195232465"
    static let run = "0419cbcc97574ecd8a802d4adda19b52"

    static func copy(_ name: String) throws -> (folder: String, store: String) {
        let folder = try CLI.temporaryFolder("serve-watch-" + name)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: folder + "/mlruns")
        return (folder, URL(fileURLWithPath: folder + "/mlruns").standardizedFileURL.path)
    }

    #if os(Linux)
    @Test("a metric line appended is placed in its run folder; an experiment's meta.yaml is not placed")
    func placesChanges() throws {
        let (folder, store) = try Self.copy("places")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let watch = FolderWatch(store: MLflowFileStore(mlrunsPath: store))
        #expect(watch.isWatching)
        #expect(watch.changes() == .quiet)
        let runFolder = store + "/" + Self.experiment + "/" + Self.run
        let handle = try #require(FileHandle(forWritingAtPath: runFolder + "/metrics/accuracy"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1 0.5 1\n".utf8))
        try handle.close()
        #expect(watch.changes() == .runFolders([runFolder]))
        #expect(watch.changes() == .quiet)
        try Data("name: x\n".utf8).write(to: URL(fileURLWithPath: store + "/" + Self.experiment + "/meta.yaml"))
        #expect(watch.changes() == .unknown)
    }
    #endif

    @Test("out of watches: the watch says unknown, and the served store walks its files and sees the change")
    func fallsBackToPolling() throws {
        let (folder, store) = try Self.copy("fallback")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let watch = FolderWatch(store: MLflowFileStore(mlrunsPath: store), maxWatches: 3)
        #expect(!watch.isWatching)
        #expect(watch.changes() == .unknown)
        let served = try ServedStore.load(store, reader: try RunStore.open(store), generation: 1, watch: watch)
        #expect(served.watching == "poll")
        let runFolder = store + "/" + Self.experiment + "/" + Self.run
        let handle = try #require(FileHandle(forWritingAtPath: runFolder + "/metrics/accuracy"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(Int64(Date().timeIntervalSince1970 * 1000)) 0.97 1\n".utf8))
        try handle.close()
        let refreshed = try #require(served.refreshed().store)
        #expect(refreshed.reread == 1)
        #expect(refreshed.runs.first { $0.info.runID == Self.run }?.metrics["accuracy"] == 0.97)
    }
}
