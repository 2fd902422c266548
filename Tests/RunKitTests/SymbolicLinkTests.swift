import Foundation
import Testing
@testable import RunKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Symbolic links and odd entries inside run folders: never followed out of the folder or round a
/// loop, and one bad entry leaves the run's other files read.
@Suite("Symbolic links in run folders")
struct SymbolicLinkTests {
    let runID = "5cae461ef63e4408a9223926a42ac3ab"

    func link(_ target: String, at path: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    func load(_ mlruns: String) throws -> (run: Run?, warnings: [LoadWarning]) {
        let result = try MLflowFileStore(mlrunsPath: mlruns).loadRuns(LoadOptions(view: .all))
        return (result.runs.first { $0.id == runID }, result.warnings)
    }

    @Test("links out of the run folder, to folders, loops, to nothing and FIFOs: a warning each, every other key read")
    func keyedFolders() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let run = copy.path + "/0/" + runID
        let (original, none) = try load(copy.path)
        #expect(none.isEmpty)
        let outside = try TemporaryFolder.make("runkit-outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try "secret".write(toFile: outside + "/secret", atomically: true, encoding: .utf8)

        try link("/", at: run + "/tags/root")
        try link(".", at: run + "/metrics/loop")
        try link(outside + "/secret", at: run + "/params/secret")
        try link("../meta.yaml", at: run + "/params/inside")
        try link("nowhere", at: run + "/tags/broken")
        #expect(mkfifo(run + "/tags/fifo", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: run + "/metrics/nested", withIntermediateDirectories: true)
        try link("../x", at: run + "/metrics/nested/x")   // a link to a file inside: read

        let (loaded, warnings) = try load(copy.path)
        let got = try #require(loaded)
        let base = try #require(original)
        #expect(got.tags == base.tags)
        #expect(got.params["note"] == base.params["note"])
        #expect(got.params["secret"] == nil)
        #expect(got.params["inside"] == (try String(contentsOfFile: run + "/meta.yaml", encoding: .utf8)))
        #expect(Set(got.metrics.keys) == Set(base.metrics.keys).union(["nested/x"]))
        #expect(got.metrics["nested/x"] == base.metrics["x"])
        let byPath = Dictionary(uniqueKeysWithValues: warnings.map { ($0.path, $0.message) })
        #expect(Set(byPath.keys) == Set(["tags/root", "metrics/loop", "params/secret", "tags/broken", "tags/fifo"].map { run + "/" + $0 }))
        #expect(byPath[run + "/tags/root"]?.contains("symbolic link to a folder") == true)
        #expect(byPath[run + "/metrics/loop"]?.contains("symbolic link to a folder") == true)
        #expect(byPath[run + "/params/secret"]?.contains("outside") == true)
        #expect(byPath[run + "/tags/broken"]?.contains("to nothing") == true)
        #expect(byPath[run + "/tags/fifo"]?.contains("not a regular file") == true)
        #expect(byPath.allSatisfy { $0.value.contains($0.key) })
    }

    @Test("a linked params/, tags/ or meta.yaml out of the run folder is not read; inside it is")
    func linkedNamedPaths() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let run = copy.path + "/0/" + runID
        let other = copy.path + "/0/89c1276ac7e44089b26c680ac0033034"
        try FileManager.default.removeItem(atPath: run + "/tags")
        try link("/", at: run + "/tags")
        try FileManager.default.moveItem(atPath: run + "/params", toPath: run + "/params-real")
        try link("params-real", at: run + "/params")
        let (loaded, warnings) = try load(copy.path)
        let got = try #require(loaded)
        #expect(got.tags.isEmpty)
        #expect(got.params["note"] == "quick test in the Default experiment")
        #expect(warnings.map(\.path) == [run + "/tags"])
        #expect(warnings.first?.message.contains("outside") == true)

        try FileManager.default.removeItem(atPath: other + "/meta.yaml")
        try link(run + "/meta.yaml", at: other + "/meta.yaml")
        let (_, more) = try load(copy.path)
        #expect(more.contains { $0.path == other + "/meta.yaml" && $0.message.contains("outside") && $0.message.contains("The run was skipped") })
    }

    @Test("an unreadable subfolder is a warning; the run's other tags still load (skipped as root)")
    func unreadableSubfolder() throws {
        guard getuid() != 0 else { return }
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let run = copy.path + "/0/" + runID
        try FileManager.default.createDirectory(atPath: run + "/tags/locked", withIntermediateDirectories: true)
        try "v".write(toFile: run + "/tags/locked/k", atomically: true, encoding: .utf8)
        chmod(run + "/tags/locked", 0)
        defer { chmod(run + "/tags/locked", 0o755) }
        let (loaded, warnings) = try load(copy.path)
        #expect(loaded?.tags["mlflow.runName"] == "scratch")
        #expect(warnings.map(\.path) == [run + "/tags/locked"])
    }

    @Test("MLXP: linked metric files out of the run folder and artifact loops are not followed")
    func mlxp() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlxp-logs/logs"))
        let run = copy.path + "/1"
        let outside = try TemporaryFolder.make("runkit-outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try "{\"loss\": 1}\n".write(toFile: outside + "/evil.json", atomically: true, encoding: .utf8)
        try link(outside + "/evil.json", at: run + "/metrics/evil.json")
        try link(".", at: run + "/artifacts/pickle/loop")
        try link("../..", at: run + "/artifacts/up")
        let result = try MLXPStore(logsPath: copy.path).loadRuns()
        let got = try #require(result.runs.first { $0.id == "1" })
        #expect(got.metrics["evil.loss"] == nil)
        #expect(got.metrics["train.loss"] != nil)
        #expect(!got.info.raw.keys.contains { $0.contains("loop") || $0.hasPrefix("artifact.up") })
        #expect(result.warnings.filter { $0.path.hasPrefix(run + "/") }.map(\.path) == [run + "/metrics/evil.json"])
    }

    @Test("the index's fingerprint walk does not enter linked folders")
    func fingerprint() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let run = copy.path + "/0/" + runID
        let before = FileSetFingerprint.walk(run, rule: .mlflowRun).entries.count
        try link(".", at: run + "/metrics/loop")
        try link("/", at: run + "/tags/root")
        let after = FileSetFingerprint.walk(run, rule: .mlflowRun).entries.map(\.path)
        #expect(after.count == before + 2)
        #expect(after.contains("metrics/loop") && after.contains("tags/root"))
    }
}
