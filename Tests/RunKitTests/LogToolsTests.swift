import Foundation
import Testing
@testable import RunKit

@Suite("log merge and resplit", .serialized)
struct LogToolsTests {
    static let header = "  \t      \t    \tdatetime\tduration\tcommit_hash\tstatus\tacc\nid\tlayers\tseed\t        \t        \t           \t      \t   \n"

    /// A log with nested statics and a list-valued grid field.
    static func log(statics: String = "model:\n  betas:\n  - 0.9\n  - 0.99\n  name: mlp\n", rows: [String]) -> String {
        "[Static Configs]\n" + statics + String(repeating: "-", count: 45) + "\n" + header
            + rows.enumerated().map { "\($0.offset)\t\($0.element)\n" }.joined()
    }

    @Test("merge: rows match by config values (tuple = list, 1 = 1.0), the best status wins, statics must agree, inputs untouched")
    func merge() throws {
        let directory = try TemporaryFolder.make("runkit-logtools")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = Self.log(rows: [
            "(64, 64)\t1\t2026-01-01 10:00:00.000000\t0 days 00:00:01\t\tF\t",
            "(128,)\t1\t2026-01-01 10:00:00.000000\t0 days 00:00:01\t\tC\t0.5",
            "(128,)\t2\t2026-01-01 10:00:00.000000\t0 days 00:00:01\t\tC\t0.6",
        ])
        // The same statics written in another key order; list values as lists, seed as float.
        let b = Self.log(statics: "model:\n  name: mlp\n  betas: [0.9, 0.99]\n", rows: [
            "[64, 64]\t1.0\t2026-01-02 10:00:00.000000\t0 days 00:00:01\t\tC\t0.7",
            "(128,)\t2\t2026-01-03 10:00:00.000000\t0 days 00:00:01\t\tC\t0.8",
            "(128,)\t1\t2026-01-04 10:00:00.000000\t0 days 00:00:01\t\tR\t",
            "(32,)\t1\t2026-01-04 10:00:00.000000\t0 days 00:00:01\t\tF\t",
        ])
        try a.write(toFile: directory + "/a.tsv", atomically: true, encoding: .utf8)
        try b.write(toFile: directory + "/b.tsv", atomically: true, encoding: .utf8)
        let report = try LogMerge.merge([directory + "/a.tsv", directory + "/b.tsv"], into: directory + "/out/merged.tsv")
        #expect(report.rowsRead == 7 && report.rowsWritten == 4)
        let merged = try MaletLog.read(directory + "/out/merged.tsv")
        #expect(merged.rows.map(\.id) == ["0", "1", "2", "3"])
        let cells = try #require(try ExperimentLogFile.read(directory + "/out/merged.tsv")).rows
        // First appearance order; (64, 64) F replaced by b's C; (128,) 1 C kept over a later R;
        // (128,) 2: both C, the later datetime wins.
        #expect(cells.map { [$0[0], $0[1], $0[5], $0[6]] } == [
            ["[64, 64]", "1.0", "C", "0.7"], ["(128,)", "1", "C", "0.5"], ["(128,)", "2", "C", "0.8"], ["(32,)", "1", "F", ""],
        ])
        #expect(try String(contentsOfFile: directory + "/a.tsv", encoding: .utf8) == a)
        #expect(try String(contentsOfFile: directory + "/b.tsv", encoding: .utf8) == b)

        // Statics that differ: an error naming both files; nothing written.
        try Self.log(statics: "model:\n  betas:\n  - 0.9\n  - 0.999\n  name: mlp\n", rows: []).write(toFile: directory + "/c.tsv", atomically: true, encoding: .utf8)
        #expect {
            try LogMerge.merge([directory + "/a.tsv", directory + "/c.tsv"], into: directory + "/bad.tsv")
        } throws: { "\($0)".contains("c.tsv") && "\($0)".contains("a.tsv") && "\($0)".contains("model") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.tsv"))
        // The output may not be an input, nor replace a file without overwrite.
        #expect(throws: RunKitError.self) { try LogMerge.merge([directory + "/a.tsv", directory + "/b.tsv"], into: directory + "/b.tsv") }
        #expect(throws: RunKitError.self) { try LogMerge.merge([directory + "/a.tsv"], into: directory + "/out/merged.tsv") }
    }

    /// A sweep folder with a 7-config grid run into log.tsv (one failed config, one repeated row).
    static func sweepFolder() async throws -> (String, Grid) {
        let directory = try TemporaryFolder.make("runkit-logtools")
        try "model: {name: mlp, betas: [0.9, 0.99]}\ngrid:\n  layers: [[64, 64], [128]]\n  seed: [1, 2, 3, 4]\n  keep: [1]\n"
            .write(toFile: directory + "/exp_config.yaml", atomically: true, encoding: .utf8)
        var grid = try Grid.load(directory + "/exp_config.yaml")
        grid.points.removeLast()    // 7 configs
        _ = try await Sweep(grid: grid, options: SweepOptions(directory: directory)).run { context in
            if context.point.values["seed"] == 3 && context.point.values["layers"] == [128] { throw RunKitError(.invalidArgument, "boom") }
            return ["acc": .double(Double(context.point.values["seed"]?.intValue ?? 0) / 10)]
        }
        return (directory, grid)
    }

    /// Every config of the folder's files (log.tsv and splits), with its best status.
    static func configs(_ directory: String) throws -> [String: String] {
        var combiner = LogCombiner()
        try LogMerge.add(try LogMerge.logs(of: directory), to: &combiner)
        let log = combiner.log()
        let status = try #require(log.column("status"))
        return Dictionary(uniqueKeysWithValues: zip(combiner.keys, log.rows.map { $0[status] }))
    }

    static func checkSplits(_ directory: String, grid: Grid, count: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/log_splits").sorted()
        #expect(names == [".runkit-splits"] + (0..<count).map { "split_\($0).tsv" })
        #expect(!FileManager.default.fileExists(atPath: directory + "/log.tsv"))
        var seen = 0
        for index in 0..<count {
            let log = try #require(try ExperimentLogFile.read(directory + "/log_splits/split_\(index).tsv"))
            for row in log.rows {
                let key = LogRowKey.of(zip(log.gridFields, row).map { ($0, $1) })
                let position = try #require(grid.points.firstIndex { LogRowKey.of($0) == key })
                #expect(position % count == index)
                seen += 1
            }
        }
        #expect(seen == 7)
        #expect(Sweep.splitCount(in: directory, grid: grid) == count)
    }

    @Test("resplit: round-robin by grid position; stopped after any durable step (as by kill -9), no row is lost and a rerun completes")
    func resplitInterrupted() async throws {
        let (template, grid) = try await Self.sweepFolder()
        defer { try? FileManager.default.removeItem(atPath: template) }
        let expected = try Self.configs(template)
        #expect(expected.count == 7 && expected.values.filter { $0 == "F" }.count == 1)

        struct Stop: Error {}
        // log.tsv → 3 splits, then 3 → 2 splits (old split_2 removed): stop after step k for every k.
        for (from, to) in [(0, 3), (3, 2)] {
            var stoppedAt = 0
            while true {
                let directory = try TemporaryFolder.make("runkit-logtools")
                defer { try? FileManager.default.removeItem(atPath: directory) }
                try FileManager.default.removeItem(atPath: directory)
                try FileManager.default.copyItem(atPath: template, toPath: directory)
                if from > 0 { _ = try LogResplit.resplit(directory, splits: from) }
                var steps = 0
                var completed = false
                do {
                    _ = try LogResplit.resplit(directory, splits: to, options: LogToolOptions()) { _ in
                        if steps == stoppedAt { throw Stop() }
                        steps += 1
                    }
                    completed = true
                } catch is Stop {}
                // Every config is still in some file with its status.
                #expect(try Self.configs(directory) == expected, "stopped after step \(stoppedAt) of \(from) → \(to)")
                let report = try LogResplit.resplit(directory, splits: to)
                #expect(report.rowsWritten == 7)
                try Self.checkSplits(directory, grid: grid, count: to)
                #expect(try Self.configs(directory) == expected)
                if completed { break }
                stoppedAt += 1
            }
            #expect(stoppedAt >= to * 2 + 2)
        }
    }

    @Test("merge and resplit refuse a log a live runner claims or locks, and --wait waits for it")
    func lock() async throws {
        let (directory, _) = try await Self.sweepFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A live claim (this process) on log.tsv.
        let claims = directory + "/log.tsv.claims.json"
        try SweepClaim.write(["x": SweepClaim(heartbeat: SweepClock.now(), started: SweepClock.now())], to: claims)
        #expect { try LogResplit.resplit(directory, splits: 2) } throws: { "\($0)".contains("pid \(getpid())") }
        #expect(throws: RunKitError.self) { try LogMerge.merge([directory], into: directory + "/../merged-\(UUID().uuidString).tsv") }
        #expect(FileManager.default.fileExists(atPath: directory + "/log.tsv"))
        // --wait: the claim goes away after 0.5 s.
        let release = Thread { usleep(500_000); unlink(claims) }
        release.start()
        let started = Date()
        var options = LogToolOptions()
        options.wait = true
        #expect(try LogResplit.resplit(directory, splits: 2, options: options).rowsWritten == 7)
        #expect(Date().timeIntervalSince(started) >= 0.4)

        // The runner's flock held (as during a log write): refused without --wait, waited for with it.
        let holding = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? PosixFile.withLock(directory + "/.runkit.lock") { holding.signal(); usleep(500_000) }
            done.signal()
        }
        holder.start()
        holding.wait()
        #expect { try LogResplit.resplit(directory, splits: 3) } throws: { "\($0)".contains(".runkit.lock") }
        #expect(try LogResplit.resplit(directory, splits: 3, options: options).rowsWritten == 7)
        done.wait()
    }

    @Test("a runner refuses --split I/M on a folder split N ways; the split count is inferred from rows when not recorded")
    func splitCount() async throws {
        let (directory, grid) = try await Self.sweepFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try LogResplit.resplit(directory, splits: 3)
        var options = SweepOptions(directory: directory)
        options.split = (0, 2)
        await #expect { try await Sweep(grid: grid, options: options).run { _ in [:] } } throws: { "\($0)".contains("3 splits") }
        // Without the record and without split_2.tsv (not started), the rows still say 3.
        unlink(directory + "/log_splits/.runkit-splits")
        unlink(directory + "/log_splits/split_2.tsv")
        #expect(Sweep.splitCount(in: directory, grid: grid) == 3)
    }
}
