import Foundation
import Testing
import RunKit

@Suite("runkit sweep", .serialized)
struct SweepCLITests {
    /// `runkit ARGS` started in the background (output discarded).
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The log's rows as RunKit reads them back: config values and metrics by run.
    static func rows(_ directory: String) throws -> [ConfigValue] {
        let result = try CLI.run(["list", directory, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONParser.parse(result.stdout).listValue ?? []
    }

    @Test("a sweep runs each config once with overrides, RUNKIT_CONFIG and RUNKIT_METRICS; resume skips C and re-runs F")
    func runAndResume() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = #"for s in 1 2 3; do echo "{\"step\": $s, \"loss\": $s.5}" >> "$RUNKIT_METRICS"; done; echo "{\"cfg\": $RUNKIT_CONFIG}" >> "$RUNKIT_METRICS"; echo "ran $*" >> "$0.calls"; [ "$1" = "a=2" ] && [ ! -e "$0.fixed" ] && exit 4; exit 0"#
        let marker = directory + "/marker"
        let command = ["--", "/bin/sh", "-c", script, marker, "{overrides}"]
        let first = try CLI.run(["sweep", "--dir", directory, "--jobs", "2", "a=1,2", "b=[1,2]", "+c.d=x"] + command)
        #expect(first.status == 1, "\(first.stderr)")
        var rows = try Self.rows(directory)
        #expect(rows.count == 2)
        let byA = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row["config"]?["a"]?.intValue.map { ($0, row) } })
        #expect(byA[1]?["status"] == .string("FINISHED") && byA[2]?["status"] == .string("FAILED"))
        #expect(byA[1]?["metrics"]?["loss"] == .double(3.5))
        #expect(byA[1]?["metrics"]?["cfg"] == ["a": 1, "b": [1, 2], "c": ["d": "x"]])
        #expect(byA[1]?["config"]?["b"] == [1, 2])

        try "".write(toFile: marker + ".fixed", atomically: true, encoding: .utf8)
        let second = try CLI.run(["sweep", "--dir", directory, "a=1,2", "b=[1,2]", "+c.d=x"] + command)
        #expect(second.status == 0, "\(second.stderr)")
        rows = try Self.rows(directory)
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"] == .string("FINISHED") })
        let calls = try String(contentsOfFile: marker + ".calls", encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 3)       // a=1 once, a=2 twice: the list value b matched on resume
        #expect(calls.filter { $0 == "ran a=1 b=[1,2] +c.d=x" }.count == 1)

        // A grid that grows adds configs; the old ones are not run again.
        let third = try CLI.run(["sweep", "--dir", directory, "a=1,2,3", "b=[1,2]", "+c.d=x"] + command)
        #expect(third.status == 0)
        #expect(try Self.rows(directory).count == 3)
        #expect(try String(contentsOfFile: marker + ".calls", encoding: .utf8).split(separator: "\n").count == 4)
        let status = try CLI.run(["sweep", "--status", directory, "--format", "csv"])
        #expect(status.stdout.hasSuffix("log.tsv,3,3,0,0,0,0\r\n"), "\(status.stdout)\(status.stderr)")
    }

    @Test("--max-failures: a config that failed N times (over runners) is not retried, and --status counts it given up; a stop is no failure")
    func maxFailures() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let marker = directory + "/marker"
        let command = ["--", "/bin/sh", "-c", #"echo "$1" >> "$0.calls"; [ "$1" = "a=2" ] && exit 4; exit 0"#, marker, "{overrides}"]
        func calls() throws -> [Substring] { try String(contentsOfFile: marker + ".calls", encoding: .utf8).split(separator: "\n") }
        for round in 1...4 {
            let run = try CLI.run(["sweep", "--dir", directory, "--max-failures", "2", "a=1,2,3"] + command)
            #expect(run.status == 1, "\(run.stderr)")
            #expect(try calls().filter { $0 == "a=2" }.count == min(round, 2), "round \(round)")
        }
        #expect(try calls().count == 4)   // a=1 and a=3 once, a=2 twice
        let failures = try JSONParser.parse(String(contentsOfFile: directory + "/log.tsv.failures.json", encoding: .utf8))
        #expect(failures.mapValue?.values.map(\.intValue) == [2])
        let status = try CLI.run(["sweep", "--status", directory, "--max-failures", "2", "--format", "csv"])
        #expect(status.stdout.hasSuffix("log.tsv,3,2,0,1,0,1\r\n"), "\(status.stdout)\(status.stderr)")
        // The default cap (3) allows one more attempt; --retry-failed none none.
        let again = try CLI.run(["sweep", "--dir", directory, "a=1,2,3"] + command)
        #expect(again.status == 1)
        #expect(try calls().filter { $0 == "a=2" }.count == 3)
        #expect(try CLI.run(["sweep", "--max-failures", "0", "--dir", directory, "a=1"] + command).status == 1)
    }

    @Test("--timeout kills the whole process group and records F")
    func timeout() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pidFile = directory + "/grandchild.pid"
        let started = Date()
        let result = try CLI.run(["sweep", "--dir", directory, "--timeout", "0.5", "x=1", "--", "/bin/sh", "-c",
                                  "sleep 30 & echo $! > \(pidFile); wait"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1)
        let rows = try Self.rows(directory)
        #expect(rows.first?["status"] == .string("FAILED"))
        let pid = Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        // Gone, or a zombie no one reaps (PID 1 of a container may not).
        Thread.sleep(forTimeInterval: 0.2)
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
        #expect(pid > 0 && (state == nil || state == "Z"), "the background sleep of the command survived")
        let output = try String(contentsOfFile: directory + "/runs/" + (try FileManager.default.contentsOfDirectory(atPath: directory + "/runs").first ?? "") + "/output.log", encoding: .utf8)
        #expect(output.contains("timed out"))
    }

    @Test("SIGINT stops the commands, records them F and leaves a log malet's reader and RunKit read")
    func interrupt() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = try Self.start(["sweep", "--dir", directory, "--jobs", "2", "x=range(4)", "--", "/bin/sh", "-c", "sleep 30"])
        Thread.sleep(forTimeInterval: 1.0)
        kill(runner.processIdentifier, SIGINT)
        runner.waitUntilExit()
        #expect(runner.terminationStatus == 130)
        let rows = try Self.rows(directory)
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"] == .string("FAILED") })
        let claims = try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        // A stop is no failure: nothing counts towards --max-failures.
        #expect(!FileManager.default.fileExists(atPath: directory + "/log.tsv.failures.json"))
    }

    @Test("SIGTERM while configs run: each command's whole process group gets SIGTERM, claims are released, the log stays whole, and a resume finishes the grid")
    func terminateAndResume() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The command records its TERM, and leaves a grandchild (same process group) to check.
        let script = #"trap 'echo term > "$RUNKIT_RUN_DIR/term"; exit 1' TERM; sleep 30 & echo $! > "$RUNKIT_RUN_DIR/child"; echo > "$RUNKIT_RUN_DIR/started"; wait"#
        let runner = try Self.start(["sweep", "--dir", directory, "--jobs", "2", "x=range(3)", "--", "/bin/sh", "-c", script])
        let runs = directory + "/runs"
        func started() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).filter { FileManager.default.fileExists(atPath: "\(runs)/\($0)/started") }
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, started().count < 2 { usleep(20_000) }
        let running = started()
        #expect(running.count == 2)
        kill(runner.processIdentifier, SIGTERM)
        runner.waitUntilExit()
        #expect(runner.terminationReason == .exit && runner.terminationStatus == 130)
        for id in running {
            #expect(FileManager.default.fileExists(atPath: "\(runs)/\(id)/term"), "the command of \(id) got no SIGTERM")
            let pid = Int32(try String(contentsOfFile: "\(runs)/\(id)/child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
            #expect(pid > 0 && (state == nil || state == "Z"), "the grandchild of \(id) survived")
        }
        let claims = try String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
        let rows = try Self.rows(directory)
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"] == .string("FAILED") })

        let resumed = try CLI.run(["sweep", "--dir", directory, "x=range(3)", "--", "/bin/sh", "-c", "true"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let finished = try Self.rows(directory)
        #expect(finished.count == 3 && finished.allSatisfy { $0["status"] == .string("FINISHED") })
    }

    @Test("kill -9 of runner and commands at random moments: after restarts every config is C exactly once with its metrics")
    func killNine() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = #"n=${1#seed=}; sleep 0.$(( n % 4 + 1 )); echo "{\"v\": $(( n * 2 ))}" >> "$RUNKIT_METRICS""#
        // Killing a command is a failed attempt: with the default --max-failures 3, a config whose
        // command happens to be killed three times would be given up and the grid never finish.
        // This test is about crash safety, not the give-up rule (SweepCLITests.maxFailures).
        let arguments = ["sweep", "--dir", directory, "--jobs", "3", "--max-failures", "1000", "seed=range(50)", "--", "/bin/sh", "-c", script, "sh", "{overrides}"]
        var generator = SystemRandomNumberGenerator()
        var finished = false
        var kills = 0
        for _ in 0..<60 where !finished {
            let runner = try Self.start(arguments)
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.7, using: &generator))
            if runner.isRunning {
                if Bool.random(using: &generator) {
                    kill(runner.processIdentifier, SIGKILL)
                } else {
                    // A command: a child of the runner (each in its own process group).
                    let children = Self.children(of: runner.processIdentifier)
                    if let child = children.randomElement(using: &generator) { kill(child, SIGKILL) }
                }
                kills += 1
            }
            runner.waitUntilExit()
            finished = runner.terminationReason == .exit && runner.terminationStatus == 0
        }
        #expect(finished, "the sweep never finished")
        #expect(kills > 0)
        let rows = try Self.rows(directory)
        #expect(rows.count == 50)
        var seeds: [Int] = []
        for row in rows {
            let seed = row["config"]?["seed"]?.intValue ?? -1
            seeds.append(seed)
            #expect(row["status"] == .string("FINISHED"))
            #expect(row["metrics"]?["v"]?.doubleValue == Double(seed * 2), "seed \(seed)")
        }
        #expect(seeds.sorted() == Array(0..<50))
    }

    @Test("two runners with --queue on one log: no config runs twice, none is lost")
    func queue() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = directory + "/journal.txt"
        let script = #"echo "$RUNKIT_RUN_ID $1" >> "$0"; sleep 0.1; echo "{\"ok\": 1}" >> "$RUNKIT_METRICS""#
        let arguments = ["sweep", "--dir", directory, "--queue", "--jobs", "2", "seed=range(24)", "--", "/bin/sh", "-c", script, journal, "{overrides}"]
        let one = try Self.start(arguments)
        let two = try Self.start(arguments)
        one.waitUntilExit()
        two.waitUntilExit()
        // The runner that ends last finds every config complete (0); one that ends while the
        // other still runs a config says so (3).
        let statuses = [one.terminationStatus, two.terminationStatus]
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 3 } && statuses.contains(0), "\(statuses)")
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 24)
        #expect(Set(lines).count == 24)
        let rows = try Self.rows(directory)
        #expect(rows.count == 24 && rows.allSatisfy { $0["status"] == .string("FINISHED") })
    }

    @Test("a failed config's reason, output.log and last lines end the summary; off a terminal, one plain line per finished config")
    func failureReasons() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = #"echo "epoch 1 of $1"; [ "$1" = a=2 ] && { echo 'Traceback (most recent call last):'; echo 'ValueError: loss is NaN' >&2; exit 4; }; true"#
        let result = try CLI.run(["sweep", "--dir", directory, "--jobs", "2", "a=1,2,3", "--", "/bin/sh", "-c", script, "sh", "{overrides}"])
        #expect(result.status == 1, "\(result.stderr)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: directory + "/runs").first { name in
            (try? String(contentsOfFile: directory + "/runs/\(name)/output.log", encoding: .utf8))?.contains("ValueError") == true
        })
        let log = directory + "/runs/\(id)/output.log"
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Progress: one line per finished config, no terminal codes.
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"))
        #expect(lines.filter { $0.hasPrefix("runkit: C a=") }.count == 2, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("runkit: F a=2 in ") && $0.contains(": exit status 4 (\(log)) · ") }, "\(result.stderr)")
        // The summary: counts, then the failure with the end of its output (RunKit's notes left out).
        let summary = try #require(lines.firstIndex { $0.hasPrefix("runkit: 2 of 3 configs complete, 1 failed") })
        #expect(Array(lines[(summary + 1)...]) == [
            "runkit: failed: a=2: exit status 4; the end of \(log):",
            "    epoch 1 of a=2", "    Traceback (most recent call last):", "    ValueError: loss is NaN", "",
        ], "\(result.stderr)")

        // A command that cannot start: the reason is the error.
        let missing = try CLI.run(["sweep", "--dir", directory + "/missing", "a=1", "--", "/no/such/program"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("runkit: failed: a=1: Cannot start /no/such/program: No such file or directory; its output "), "\(missing.stderr)")
    }

    static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    @Test("on a terminal (a pty from script) one live line, redrawn, counts the running configs from the start",
          .enabled(if: SweepCLITests.hasScript, "skipped: util-linux script is not installed"))
    func liveLine() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.runInTerminal(["sweep", "--dir", directory, "--jobs", "2", "a=range(4)", "--", "/bin/sh", "-c", "sleep 0.6; [ \"$1\" != a=3 ]", "sh", "{overrides}"])
        let text = result.stdout
        #expect(result.status == 1, "\(text)")
        // Redrawn in place; both workers' configs counted before the first one ends.
        #expect(text.hasPrefix("\r\u{1B}[Krunkit: 0/4 done · "), "\(text)")
        #expect(text.contains("\r\u{1B}[Krunkit: 0/4 done · 2 running · 0 failed · 2 pending · 0:00:0"), "\(text)")
        #expect(text.contains("ETA "))
        // A failed config keeps a line of its own; the summary ends it.
        #expect(text.contains("\r\u{1B}[Krunkit: F a=3 in "), "\(text)")
        #expect(text.contains("runkit: 3 of 4 configs complete, 1 failed, 0 running elsewhere, 0 pending"), "\(text)")
    }

    @Test("--queue: a runner that is done while another still runs a config exits 3 and says so; the last one exits 0")
    func queueExitStatus() throws {
        let directory = try CLI.temporaryFolder("runkit-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["sweep", "--dir", directory, "--queue", "a=range(4)", "--", "/bin/sh", "-c", #"[ "$1" = a=0 ] && sleep 10; true"#, "sh", "{overrides}"]
        let slow = try Self.start(arguments)
        // Wait until the first runner holds a=0 (its 10 s leave the second runner time on a loaded machine).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try? String(contentsOfFile: directory + "/log.tsv.claims.json", encoding: .utf8))?.contains("pid") != true {
            usleep(20_000)
        }
        let fast = try CLI.run(arguments)
        #expect(fast.status == 3, "\(fast.stderr)")
        #expect(fast.stderr.contains("3 of 4 configs complete, 0 failed, 1 running elsewhere, 0 pending"), "\(fast.stderr)")
        #expect(fast.stderr.contains("other runners still run 1 config(s): the sweep is not complete yet (exit status 3)"), "\(fast.stderr)")
        slow.waitUntilExit()
        #expect(slow.terminationStatus == 0)
    }

    /// Child pids of a process (from /proc).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == parent
        }
    }
}
