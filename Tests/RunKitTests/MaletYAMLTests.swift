import Foundation
import OrderedCollections
import Testing
@testable import RunKit

@Suite("malet: YAML as PyYAML reads it")
struct MaletYAMLTests {
    @Test("the static configs of every grid file of expected/grids.json")
    func gridStatics() throws {
        let cases = try Fixtures.expected("malet", "grids.json")["cases"]?.listValue ?? []
        #expect(cases.count == 26)
        var checked = 0
        for record in cases where record["error"] == nil {
            let file = record["file"]!.stringValue!
            // ConfigIter rewrites `[expr;a:b:c]` comprehensions before YAML sees the text.
            if file.hasSuffix("10_comprehension.yaml") { continue }
            let text = try String(contentsOfFile: Fixtures.path("malet/" + file), encoding: .utf8)
            var parsed = try MaletYAML.parse(text, file: file).mapValue ?? [:]
            parsed.removeValue(forKey: "grid")
            let expected = MaletExpected.decode(record["static_configs"]!).value
            #expect(MaletExpected.identical(.map(parsed), expected), "\(file): \(JSONWriter.string(.map(parsed)))")
            checked += 1
        }
        #expect(checked == 17)
    }

    @Test("YAML 1.1 scalars of 13_yaml11_scalars.yaml are what ConfigIter gave malet")
    func yaml11Scalars() throws {
        let record = try #require(try Fixtures.expected("malet", "grids.json")["cases"]?.listValue?
            .first { $0["file"] == "grids/13_yaml11_scalars.yaml" })
        let text = try String(contentsOfFile: Fixtures.path("malet/grids/13_yaml11_scalars.yaml"), encoding: .utf8)
        let grid = try #require(try MaletYAML.parse(text)["grid"]?.mapValue)
        let configs = record["configs"]?.listValue ?? []
        for field in record["grid_fields"]?.listValue?.compactMap(\.stringValue) ?? [] {
            // Each field's distinct values in the order ConfigIter met them.
            var seen: [ConfigValue] = []
            for config in configs where !seen.contains(where: { MaletExpected.identical($0, config[field]!) }) {
                seen.append(config[field]!)
            }
            let values = grid[field]?.listValue ?? []
            #expect(values.count == seen.count && seen.allSatisfy { value in values.contains { MaletExpected.identical($0, value) } },
                    "\(field): \(JSONWriter.string(.list(values))) vs \(JSONWriter.string(.list(seen)))")
        }
    }

    @Test("PyYAML's resolvers", arguments: [
        ("5e-4", ConfigValue.string("5e-4")), ("1.0e5", "1.0e5"), ("1.0e+5", 100000.0), ("1.0e-4", 0.0001), (".5", 0.5),
        ("1.", 1.0), ("-.5", "-.5"), (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)), ("010", 8),
        ("09", "09"), ("0x1F", 31), ("0b101", 5), ("1_000", 1000), ("1:30", 90), ("-1:30", -90), ("1:30.5", 90.5),
        ("yes", true), ("Off", false), ("ON", true), ("y", "y"), ("~", .null), ("null", .null), ("", .null),
        ("'5'", "5"), ("\"on\"", "on"), ("2024-01-31", "2024-01-31"), ("0", 0), ("-0", 0), ("+12", 12),
    ])
    func scalar(_ text: String, _ expected: ConfigValue) throws {
        let value = try MaletYAML.parse("key: " + text + "\n")["key"]
        #expect(value.map { MaletExpected.identical($0, expected) } == true, "\(text) → \(value.map { JSONWriter.string($0) } ?? "nothing")")
    }

    @Test("anchors and aliases (yaml.dump writes them for a value used twice) read as the value")
    func aliases() throws {
        let value = try MaletYAML.parse("a: &id001\n- 1\n- 2\nb: *id001\n")
        #expect(value == ["a": [1, 2], "b": [1, 2]])
    }

    @Test("invalid YAML is an error naming the file and the line in it")
    func invalid() {
        do {
            _ = try MaletYAML.parse("a: 1\nb: [2\nc: 3\n", file: "x/log.tsv", firstLine: 2)
            Issue.record("parsed")
        } catch let error as RunKitError {
            #expect(error.kind == .malformedFile && error.description.hasPrefix("x/log.tsv, line "), "\(error.description)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
