import Foundation
import Testing
import Yams
@testable import RunKit
@testable import RunKitFormats
@testable import RunKitStores

/// YAML files built to exhaust a parser: every YAML path of RunKit loads them in bounded time,
/// memory and stack, with a warning or error naming the file.
@Suite("Hostile YAML")
struct HostileYAMLTests {
    /// The 342-byte "billion laughs": nine levels of nine aliases, 9⁹ strings once expanded.
    static let laughs: String = {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        return text
    }()

    /// Documents nested `depth` levels deep, in flow, block and compact-sequence style.
    static func deep(_ depth: Int) -> [String] {
        let inner = depth - 1   // the top-level map is one level
        return [
            "a: " + String(repeating: "[", count: inner - 1) + "x" + String(repeating: "]", count: inner - 1) + "\n",
            (0..<(inner)).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n",
            "a:\n" + String(repeating: "- ", count: inner - 1) + "x\n",
        ]
    }

    /// Runs `body` and returns the seconds it took.
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    func expectRefused(_ text: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for parse in [{ try YAMLReader.parse(text, file: "/x/config.yaml") }, { try MaletYAML.parse(text, file: "/x/config.yaml") }] {
            do {
                _ = try parse()
                Issue.record("no error", sourceLocation: sourceLocation)
            } catch let error as RunKitError {
                #expect(error.kind == .malformedFile, sourceLocation: sourceLocation)
                #expect(error.description.contains("/x/config.yaml") && error.description.contains(words), "\(error.description)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a billion laughs is refused at once by both YAML readers, naming the file")
    func billionLaughs() {
        #expect(Self.laughs.utf8.count < 400)
        let elapsed = seconds { expectRefused(Self.laughs, "billion laughs") }
        #expect(elapsed < 2, "took \(elapsed) s")
    }

    @Test("an alias used as or inside a mapping key is refused before Yams hashes its expansion")
    func aliasInKey() {
        for key in ["j: {*i : 1}\n", "*i : 1\n", "? *i\n: 1\n", "j: {[*i]: 1}\n", "[*a, *i]: 1\n", "j: {{\"k\":*i}: 1}\n"] {
            let elapsed = seconds { expectRefused(Self.laughs + key, "alias inside a mapping key") }
            #expect(elapsed < 2, "\(key) took \(elapsed) s")
        }
    }

    @Test("aliases that expand a little still read as their values")
    func modestAliases() throws {
        let text = "base: &base {lr: 0.1, layers: [64, 64]}\nfirst: *base\nsecond: *base\n"
        let value = try YAMLReader.parse(text)
        #expect(value.value(at: "second.layers") == [64, 64])
        #expect(try MaletYAML.parse(text).value(at: "first.lr") == 0.1)
        // Within the budget: 9⁴ = 6,561 strings from a 200-byte document.
        let four = Self.laughs.split(separator: "\n").prefix(4).joined(separator: "\n") + "\n"
        #expect(try YAMLReader.parse(four).value(at: "d")?.listValue?.count == 9)
    }

    @Test("nesting deeper than 128 levels is refused, naming the file; 128 levels read")
    func nesting() throws {
        for text in Self.deep(YAMLLimits.maximumDepth + 1) + Self.deep(990) + Self.deep(5_000) {
            expectRefused(text, "more than 128 levels deep")
        }
        for text in Self.deep(YAMLLimits.maximumDepth) {
            #expect(throws: Never.self) { try YAMLReader.parse(text) }
            #expect(throws: Never.self) { try MaletYAML.parse(text) }
            #expect(throws: Never.self) { try YAMLReader.parseWithYams(text) }
        }
    }

    @Test("deep nesting cannot overflow a 512 KB stack (a macOS worker thread's)")
    func smallStack() {
        final class Outcome: @unchecked Sendable { var messages: [String] = [] }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for text in Self.deep(999) + Self.deep(YAMLLimits.maximumDepth) {
                do { _ = try YAMLReader.parse(text, file: "f"); outcome.messages.append("read") } catch {
                    outcome.messages.append("\(error)")
                }
            }
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        done.wait()
        #expect(outcome.messages.prefix(3).allSatisfy { $0.contains("more than 128 levels deep") }, "\(outcome.messages)")
        #expect(outcome.messages.suffix(3) == ["read", "read", "read"])
    }

    @Test("the text scan never bounds nesting below what Yams composes")
    func scanIsAnUpperBound() throws {
        func depth(_ node: Node) -> Int {
            switch node {
            case .scalar, .alias: return 1
            case .sequence(let s): return 1 + (s.map(depth).max() ?? 0)
            case .mapping(let m): return 1 + (m.map { max(depth($0.key), depth($0.value)) }.max() ?? 0)
            }
        }
        let documents = [
            "a:\n- b:\n  - c:\n    - d: [1, {e: [2]}]\n",
            "- - - - x\n",
            "? - a\n  - b\n: - c\n",
            "a: \"]]]]\"\nb: [[[[1]]]]\n",
            "a: [\"]\", [\"]\", [\"]\", [x]]]]\n",
            "a:\r  b:\r    c:\r      d: 1\r",
            "a:\u{85}  b:\u{85}    c: [1]\u{85}",
            "a:\u{2028}  b:\u{2029}    c: 1\n",
            "k: |\n  text [[[\n  more\nl:\n  m: {n: [1]}\n",
            "a: 'it''s [' \nb:\n  - {c: [d, [e]]}\n",
            "x: &x [1, [2, [3]]]\ny: [*x, [*x]]\n",
        ] + Self.deep(40)
        for text in documents {
            let node = try #require(try Yams.compose(yaml: text), "\(text)")
            #expect(YAMLTextScan(text).depthBound >= depth(node), "\(text.debugDescription)")
        }
        #expect(!YAMLTextScan("x: &x [1]\ny: *x\nz: [*x, *x]\n").hasAliasInKey)
    }

    @Test("every store reading a billion laughs skips or empties that file only, with a warning naming it")
    func stores() throws {
        // MLflow file store: meta.yaml (the run is skipped) and HydraFlow's config.yaml (left empty).
        let mlflow = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let runFolder = mlflow.path + "/0/5cae461ef63e4408a9223926a42ac3ab"
        let hydraFolder = mlflow.path + "/0/89c1276ac7e44089b26c680ac0033034"
        try Self.laughs.write(toFile: runFolder + "/meta.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: hydraFolder + "/artifacts/.hydra", withIntermediateDirectories: true)
        try Self.laughs.write(toFile: hydraFolder + "/artifacts/.hydra/config.yaml", atomically: true, encoding: .utf8)
        var result = LoadResult(runs: [])
        let elapsed = try seconds { result = try MLflowFileStore(mlrunsPath: mlflow.path).loadRuns(LoadOptions(view: .all)) }
        #expect(elapsed < 5)
        #expect(result.runs.count == 33)
        #expect(Set(result.warnings.map(\.path)) == [runFolder + "/meta.yaml", hydraFolder + "/artifacts/.hydra/config.yaml"])
        #expect(result.warnings.allSatisfy { $0.message.contains($0.path) && $0.message.contains("billion laughs") })
        #expect(result.runs.first { $0.id == "89c1276ac7e44089b26c680ac0033034" }?.config == .map([:]))

        // MLXP: config.yaml and info.yaml (the run is skipped).
        let mlxp = try TemporaryCopy(of: Fixtures.path("mlxp-logs/logs"))
        let allRuns = try MLXPStore(logsPath: mlxp.path).loadRuns().runs.count
        try Self.laughs.write(toFile: mlxp.path + "/3/metadata/config.yaml", atomically: true, encoding: .utf8)
        try Self.laughs.write(toFile: mlxp.path + "/4/metadata/info.yaml", atomically: true, encoding: .utf8)
        result = try MLXPStore(logsPath: mlxp.path).loadRuns()
        #expect(result.runs.count == allRuns - 2)
        #expect(result.warnings.filter { $0.message.contains("billion laughs") }.count == 2)
        #expect(result.warnings.contains { $0.message.contains(mlxp.path + "/3/metadata/config.yaml") && $0.message.contains("Run 3 was skipped") })

        // malet: a log's header (one log: an error), and a grid file.
        let folder = try TemporaryFolder.make("runkit-laughs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/log.tsv"
        try ("[Static Configs]\n" + Self.laughs + String(repeating: "-", count: 45) + "\n \tloss\nid\t \n0\t1.5\n")
            .write(toFile: log, atomically: true, encoding: .utf8)
        let logError = #expect(throws: RunKitError.self) { try MaletStore(path: log).loadRuns() }
        #expect(logError?.description.contains(log) == true && logError?.description.contains("billion laughs") == true, "\(String(describing: logError))")
        let grid = folder + "/exp_config.yaml"
        try (Self.laughs + "grid:\n  lr: [0.1]\n").write(toFile: grid, atomically: true, encoding: .utf8)
        let gridError = #expect(throws: RunKitError.self) { try Grid.load(grid) }
        #expect(gridError?.description.contains(grid) == true && gridError?.description.contains("billion laughs") == true, "\(String(describing: gridError))")
    }

    @Test("JSON lines: deep nesting is a warning for that line; a line of many keys reads in linear time")
    func jsonLines() throws {
        let deep = Array(("{\"a\": " + String(repeating: "[", count: 100_000) + "\n{\"b\": 1}\n").utf8)
        let parsed = MLXPMetricsFile.parse(deep, path: "/x/metrics/train.json", logName: "train")
        #expect(parsed.series["train.b"]?.count == 1)
        #expect(parsed.warnings.count == 1)
        #expect(parsed.warnings.first?.message.contains("/x/metrics/train.json line 1") == true)
        #expect(parsed.warnings.first?.message.contains("more than 128 levels deep") == true)

        let keys = "{" + (0..<100_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"k7\": -1}\n"
        var many = MLXPMetricsFile.parse([], path: "", logName: "")
        let elapsed = seconds { many = MLXPMetricsFile.parse(Array(keys.utf8), path: "/x/metrics/wide.json", logName: "wide") }
        #expect(elapsed < 5, "took \(elapsed) s")
        #expect(many.series.count == 100_000)
        #expect(many.series["wide.k7"]?.first?.value == -1)   // a repeated key: the last one wins
    }
}
