import Foundation
import Testing
import RunKit

@Suite("runkit log", .serialized)
struct LogCLITests {
    /// A log of `count` configs x = 0..<count, all C, as malet writes it.
    static func bigLog(_ count: Int) -> String {
        var text = "[Static Configs]\nmodel: mlp\n" + String(repeating: "-", count: 45) + "\n"
        text += "  \t \tdatetime\tduration\tcommit_hash\tstatus\tloss\nid\tx\t        \t        \t           \t      \t    \n"
        let loss = "[" + (1...20).map { "0.\($0)12345" }.joined(separator: ", ") + "]"
        for x in 0..<count { text += "\(x)\t\(x)\t2026-01-01 10:00:00.000000\t0 days 00:00:01\t\tC\t\(loss)\n" }
        return text
    }

    /// The x values of every row in the folder's logs (log.tsv, splits, a killed resplit's backup).
    static func xs(_ directory: String) throws -> Set<Int> {
        var files = [directory + "/log.tsv", directory + "/.resplit-backup.tsv"]
        files += ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/log_splits")) ?? [])
            .filter { $0.hasSuffix(".tsv") && !$0.hasPrefix(".") }.map { directory + "/log_splits/" + $0 }
        var xs = Set<Int>()
        for file in files where FileManager.default.fileExists(atPath: file) {
            let log = try MaletLog.read(file)
            for row in log.rows { if let x = row.values[0].intValue { xs.insert(x) } }
        }
        return xs
    }

    @Test("kill -9 of a resplit at random moments loses no row; a rerun completes it")
    func resplitKilled() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let count = 6_000
        try Self.bigLog(count).write(toFile: directory + "/log.tsv", atomically: true, encoding: .utf8)
        // How long an uninterrupted resplit takes, to kill within it.
        var started = Date()
        let first = try CLI.run(["log", "resplit", directory, "--splits", "4"])
        #expect(first.status == 0, "\(first.stderr)")
        let duration = Date().timeIntervalSince(started)
        var killedMidway = 0
        for round in 0..<8 {
            let process = try SweepCLITests.start(["log", "resplit", directory, "--splits", String([3, 5, 2][round % 3])])
            started = Date()
            usleep(UInt32(Double.random(in: 0.05...1.0) * duration * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }
            #expect(try Self.xs(directory) == Set(0..<count), "round \(round)")
        }
        let last = try CLI.run(["log", "resplit", directory, "--splits", "3"])
        #expect(last.status == 0, "\(last.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/log_splits").sorted()
        #expect(names == [".runkit-splits", "split_0.tsv", "split_1.tsv", "split_2.tsv"])
        #expect(!FileManager.default.fileExists(atPath: directory + "/.resplit-backup.tsv"))
        for index in 0..<3 {
            let log = try MaletLog.read(directory + "/log_splits/split_\(index).tsv")
            #expect(log.rows.allSatisfy { ($0.values[0].intValue ?? -1) % 3 == index })
            #expect(log.rows.count == count / 3 + (index < count % 3 ? 1 : 0))
        }
        #expect(killedMidway > 0)
    }

    @Test("runkit log merge of a split sweep and a log: one row per config; inputs unchanged")
    func merge() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for index in 0..<2 {
            let sweep = try CLI.run(["sweep", "--dir", directory + "/a", "--split", "\(index)/2", "x=range(5)", "--", "/bin/sh", "-c", "echo '{\"y\": 1}' >> $RUNKIT_METRICS"])
            #expect(sweep.status == 0, "\(sweep.stderr)")
        }
        let other = try CLI.run(["sweep", "--dir", directory + "/b", "x=3,4,5", "--", "/bin/sh", "-c", "exit 1"])
        #expect(other.status == 1)
        let before = try String(contentsOfFile: directory + "/b/log.tsv", encoding: .utf8)
        let result = try CLI.run(["log", "merge", directory + "/all.tsv", directory + "/a", directory + "/b/log.tsv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("merged 8 rows of 3 logs into 6 configs (2 repeats dropped)"))
        let log = try MaletLog.read(directory + "/all.tsv")
        // Split rows interleaved back into grid order; x=3,4 C from a, x=5 F from b.
        #expect(log.rows.map { $0.values[0] } == [0, 1, 2, 3, 4, 5])
        #expect(log.rows.map { log.value("status", row: Int($0.id)!) } == ["C", "C", "C", "C", "C", "F"])
        #expect(try String(contentsOfFile: directory + "/b/log.tsv", encoding: .utf8) == before)
        let again = try CLI.run(["log", "merge", directory + "/all.tsv", directory + "/a"])
        #expect(again.status == 1 && again.stderr.contains("--force"))
    }

    @Test("--status lists splits not started yet, with N from the recorded split count")
    func statusTrailingSplits() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sweep = try CLI.run(["sweep", "--dir", directory, "--split", "0/3", "x=range(7)", "--", "/bin/true"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let status = try CLI.run(["sweep", "--status", directory, "--format", "json"])
        let rows = try JSONParser.parse(status.stdout).listValue ?? []
        #expect(rows.map { $0["total"] } == [3, 2, 2])
        #expect(rows.map { $0["pending"] } == [0, 2, 2])
    }

    @Test("the live progress line goes to a terminal's stderr (run under script(1))")
    func progressLine() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("note: /usr/bin/script is missing; the progress line is not tested")
            return
        }
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.runInTerminal(["sweep", "--dir", directory, "x=1,2,3", "--", "/bin/true"])
        let output = result.stdout
        #expect(result.status == 0, "\(output)")
        #expect(output.contains("\r\u{1B}[Krunkit: 0/3 done · 1 running · 0 failed · 2 pending · 0:00:0"), "\(output)")
        #expect(output.contains("\r\u{1B}[Krunkit: 1/3 done · 0 running · 0 failed · 2 pending · 0:00:0"), "\(output)")
        #expect(output.contains("\r\u{1B}[Krunkit: 3/3 done · 0 running · 0 failed · 0 pending · 0:00:0"), "\(output)")
        #expect(output.contains(" · ETA 0:00:00"), "\(output)")
        // Not on a pipe.
        let piped = try CLI.run(["sweep", "--dir", directory, "x=1,2,3,4", "--", "/bin/true"])
        #expect(!piped.stderr.contains("\u{1B}[K") && piped.stderr.contains("4 of 4 configs complete"))
    }
}
