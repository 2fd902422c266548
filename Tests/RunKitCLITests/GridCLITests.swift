import Foundation
import Testing
import RunKit

@Suite("runkit grid")
struct GridCLITests {
    /// A Hydra config directory with the corpus' config groups, for glob(…).
    static func configDirectory(_ groups: [String: [String]]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runkit-conf-\(UUID().uuidString)").path
        for (group, options) in groups {
            try FileManager.default.createDirectory(atPath: folder + "/" + group, withIntermediateDirectories: true)
            for option in options { try "a: 1\n".write(toFile: "\(folder)/\(group)/\(option).yaml", atomically: true, encoding: .utf8) }
        }
        return folder
    }

    @Test("every hydra-sweeps.json case through runkit grid --format json: Hydra's jobs, or one error sentence and exit 1")
    func hydraCorpus() throws {
        let json = try JSONParser.parse(String(contentsOfFile: CLI.fixtures + "/hydra-sweeps.json", encoding: .utf8))
        var groups: [String: [String]] = [:]
        for (group, options) in json["config_groups"]?.mapValue ?? [:] { groups[group] = (options.listValue ?? []).compactMap(\.stringValue) }
        let conf = try Self.configDirectory(groups)
        defer { try? FileManager.default.removeItem(atPath: conf) }
        let cases = json["cases"]?.listValue ?? []
        #expect(cases.count == 34)
        for record in cases {
            let arguments = (record["args"]?.listValue ?? []).compactMap(\.stringValue)
            let result = try CLI.run(["grid", "--config-dir", conf, "--"] + arguments + ["--format", "json"])
            let name = record["name"]?.stringValue ?? "?"
            if record["error"] == .bool(true) {
                #expect(result.status == 1, "\(name)")
                #expect(result.stderr.hasPrefix("runkit: error: ") && result.stderr.split(separator: "\n").count == 1, "\(name): \(result.stderr)")
                continue
            }
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(try JSONParser.parse(result.stdout) == record["jobs"], "\(name)")
        }
    }

    @Test("every grids.json case through runkit grid FILE --format json: the intended configs, or an error naming file and line")
    func maletCorpus() throws {
        let json = try JSONParser.parse(String(contentsOfFile: CLI.fixtures + "/malet/expected/grids.json", encoding: .utf8))
        let cases = json["cases"]?.listValue ?? []
        #expect(cases.count == 26)
        for record in cases {
            let file = record["file"]?.stringValue ?? "?"
            let answer = record["intended"] ?? record
            let result = try CLI.run(["grid", CLI.fixtures + "/malet/" + file, "--format", "json"])
            if answer["error"] == .bool(true) {
                #expect(result.status == 1, "\(file)")
                #expect(result.stderr.contains(file + ", line "), "\(file): \(result.stderr)")
                continue
            }
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let configs = try JSONParser.parse(result.stdout).listValue ?? []
            let expected = answer["configs"]?.listValue ?? []
            #expect(configs.count == expected.count, "\(file)")
            for (config, wanted) in zip(configs, expected) {
                // Same keys and values (ConfigDict sorts keys; RunKit keeps the file's order).
                #expect(JSONWriter.string(Self.sorted(config)) == JSONWriter.string(Self.sorted(wanted)), "\(file)")
            }
        }
    }

    static func sorted(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .map(let map):
            var result: [(String, ConfigValue)] = map.map { ($0.key, sorted($0.value)) }
            result.sort { $0.0 < $1.0 }
            return .map(.init(uniqueKeysWithValues: result))
        case .list(let items): return .list(items.map(sorted))
        default: return value
        }
    }

    @Test("the table shows the grid fields; options after -- still apply")
    func table() throws {
        let result = try CLI.run(["grid", "--", "a=1,2", "b=x", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout == "a,b\r\n1,x\r\n2,x\r\n")   // RFC 4180 line ends
    }
}
