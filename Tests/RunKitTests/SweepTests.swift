import Foundation
import Testing
@testable import RunKit
@_spi(RunKitInternals) @testable import RunKitSupport

@Suite("Sweep (Swift closures)", .serialized)
struct SweepTests {
    @Test("closures: failures re-run, recorded steps resume, list values and nested statics match on resume; the log reads back")
    func closures() async throws {
        let directory = try TemporaryFolder.make("runkit-sweep-lib")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let grid = try Grid.malet(yaml: "model: {name: mlp, betas: [0.9, 0.99]}\ngrid:\n  layers: [[64, 64], [128]]\n  seed: [1, 2]\n")
        let sweep = Sweep(grid: grid, options: SweepOptions(directory: directory))
        let first = try await sweep.run { context in
            for epoch in 1...2 { try context.record(["loss": .double(1.0 / Double(epoch))], step: epoch) }
            if context.point.values["seed"] == 2 { throw RunKitError(.invalidArgument, "simulated crash") }
            return ["best": 0.5]
        }
        #expect(first.completed == 2 && first.failed == 2 && first.ran == 4)

        final class Seen: @unchecked Sendable { var resumedFrom: [Int] = []; let lock = NSLock() }
        let seen = Seen()
        let second = try await sweep.run { context in
            let done = context.previousMetrics["loss"]?.listValue?.count ?? 0
            seen.lock.withLock { seen.resumedFrom.append(done) }
            for epoch in (done + 1)...3 { try context.record(["loss": .double(1.0 / Double(epoch))], step: epoch) }
            return ["best": 0.25]
        }
        // Only the two failed configs ran again, each resuming after its 2 recorded steps.
        #expect(second.ran == 2 && second.completed == 4 && seen.resumedFrom == [2, 2])

        let runs = try MaletStore(path: directory).loadRuns().runs
        #expect(runs.count == 4)
        #expect(runs.allSatisfy { $0.info.status == .finished })
        let resumed = try #require(runs.first { $0.config["seed"] == 2 })
        #expect(try resumed.history("loss")?.map(\.value) == [1.0, 0.5, 1.0 / 3])
        #expect(resumed.config["model.betas"] == [0.9, 0.99])
        #expect(runs.contains { $0.config["layers"] == [64, 64] })
        let third = try await sweep.run { _ in ["never": true] }
        #expect(third.ran == 0)
    }

    @Test("cancelling the sweep's task: running closures see isCancelled, their configs are F with claims released, no new config starts, the summary says interrupted; a rerun completes")
    func cancellation() async throws {
        let directory = try TemporaryFolder.make("runkit-sweep-lib")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sweep = Sweep(grid: try Grid.hydra(["x=range(4)"]), options: { var options = SweepOptions(directory: directory); options.jobs = 2; return options }())
        let started = Locked(0)
        let task = Task {
            try await sweep.run { context in
                started.withLock { $0 += 1 }
                let deadline = Date().addingTimeInterval(10)
                while !context.isCancelled, Date() < deadline { usleep(10_000) }
                throw RunKitError(.invalidArgument, context.isCancelled ? "stopped" : "never cancelled")
            }
        }
        // A bound on the wait, not on the speed: a loaded CI machine once took over 10 s to start them.
        let deadline = Date().addingTimeInterval(60)
        while started.withLock({ $0 }) < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try #require(started.withLock { $0 } == 2, "the sweep did not start its two closures within 60 s")
        task.cancel()
        let summary = try await task.value
        #expect(summary.interrupted && summary.ran == 2 && summary.failed == 2 && summary.pending == 2 && started.withLock { $0 } == 2)
        #expect(summary.failures.allSatisfy { $0.reason.contains("stopped") }, "\(summary.failures)")
        let claims = try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        let rerun = try await sweep.run { _ in ["ok": 1] }
        #expect(!rerun.interrupted && rerun.completed == 4 && rerun.ran == 4)
    }

    @Test("split I/N takes configs i % N == I into log_splits/split_I.tsv")
    func split() async throws {
        let directory = try TemporaryFolder.make("runkit-sweep-lib")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let grid = try Grid.hydra(["x=range(5)"])
        var options = SweepOptions(directory: directory)
        options.split = (1, 2)
        let summary = try await Sweep(grid: grid, options: options).run { _ in ["ok": 1] }
        #expect(summary.total == 2 && summary.completed == 2)
        let log = try MaletLog.read(directory + "/log_splits/split_1.tsv")
        #expect(log.rows.map { $0.values[0] } == [1, 3])
    }

    @Test("the statics of an existing log must be the grid's")
    func otherStatics() async throws {
        let directory = try TemporaryFolder.make("runkit-sweep-lib")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await Sweep(grid: try Grid.malet(yaml: "epochs: 5\ngrid: {lr: [0.1]}\n"), options: SweepOptions(directory: directory)).run { _ in [:] }
        await #expect(throws: RunKitError.self) {
            try await Sweep(grid: try Grid.malet(yaml: "epochs: 6\ngrid: {lr: [0.1]}\n"), options: SweepOptions(directory: directory)).run { _ in [:] }
        }
    }

    @Test("PyYAMLDump round-trips through PyYAML rules")
    func yamlDump() throws {
        let statics: [String: ConfigValue] = ["a": "001", "b": "on", "c": "", "d": 1e-8, "e": ["x": [1, ["y": "it's"]]], "f": "a\tb\nc", "g": .null, "h": "5e-4"]
        let map = ConfigValue.map(.init(uniqueKeysWithValues: statics.sorted { $0.key < $1.key }))
        let text = PyYAMLDump.dump(map.mapValue!)
        #expect(try MaletYAML.parse(text) == map, "\(text)")
        #expect(text.contains("d: 1.0e-08\n") && text.contains("a: '001'\n") && text.contains("h: 5e-4\n"))
    }
}
