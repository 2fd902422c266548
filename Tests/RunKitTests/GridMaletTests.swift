import Foundation
import OrderedCollections
import Testing
@testable import RunKit

@Suite("Grid from malet grid YAML")
struct GridMaletTests {
    struct Case: CustomTestStringConvertible {
        var file: String
        /// The intended answer where malet is buggy, else malet's.
        var answer: ConfigValue
        var intended: Bool
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        guard let json = try? Fixtures.expected("malet", "grids.json") else { return [] }
        return (json["cases"]?.listValue ?? []).map { record in
            let intended = record["intended"]
            return Case(file: record["file"]?.stringValue ?? "?", answer: intended ?? record, intended: intended != nil)
        }
    }()

    @Test("the corpus holds 26 cases")
    func corpusSize() { #expect(Self.cases.count == 26) }

    @Test("each grid expands to the intended configs, fields, statics and values", arguments: cases)
    func conformance(_ testCase: Case) throws {
        let path = Fixtures.path("malet/" + testCase.file)
        if testCase.answer["error"] == .bool(true) {
            #expect(throws: RunKitError.self) { try Grid.load(path) }
            return
        }
        let grid = try Grid.load(path)
        let answer = testCase.answer
        #expect(grid.fields == (answer["grid_fields"]?.listValue ?? []).compactMap(\.stringValue))
        #expect(MaletExpected.identical(.map(grid.statics), MaletExpected.decode(answer["static_configs"]!).value))
        #expect(grid.points.count == answer["len"]?.intValue)
        let configs = (answer["configs"]?.listValue ?? []).map { MaletExpected.decode($0).value }
        #expect(grid.points.count == configs.count)
        for (point, config) in zip(grid.points, configs) {
            #expect(Self.sameMap(point.config, config), "\(JSONWriter.string(point.config)) ≠ \(JSONWriter.string(config))")
        }
        let iterations = (answer["grid_iter"]?.listValue ?? []).map { MaletExpected.decode($0).value }
        for (point, values) in zip(grid.points, iterations) {
            #expect(MaletExpected.identical(.map(point.values), values), "\(JSONWriter.string(.map(point.values)))")
        }
        let gridDict = MaletExpected.decode(answer["grid_dict"] ?? [:]).value.mapValue ?? [:]
        let fieldValues = grid.fieldValues
        #expect(Array(fieldValues.keys).sorted() == Array(gridDict.keys).sorted())
        for (field, wanted) in gridDict {
            let values = fieldValues[field] ?? []
            let expected = wanted.listValue ?? []
            if testCase.intended {
                #expect(MaletExpected.identical(.list(values), .list(expected)), "\(field)")
            } else {
                // malet returns set order: compare as sets.
                #expect(values.count == expected.count && expected.allSatisfy { values.contains($0) }, "\(field)")
            }
        }
    }

    /// Maps equal whatever their key order (ConfigDict sorts keys), values identical in type.
    static func sameMap(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        guard let x = a.mapValue, let y = b.mapValue, x.count == y.count else { return MaletExpected.identical(a, b) }
        return x.allSatisfy { key, value in y[key].map { sameMap(value, $0) } ?? false }
    }

    @Test("errors name the file, the line and the field")
    func errorMessages() throws {
        func message(_ file: String) -> String {
            do { _ = try Grid.load(Fixtures.path("malet/grids/" + file)); return "" } catch { return "\(error)" }
        }
        let overlap = message("22_overlap_error.yaml")
        #expect(overlap.contains("22_overlap_error.yaml, line 4") && overlap.contains("lr") && overlap.contains("static"))
        let unequal = message("23_group_unequal_lengths.yaml")
        #expect(unequal.contains("line 5") && unequal.contains("optimizer has 3") && unequal.contains("lr has 2"))
        let missing = message("24_grid_entry_missing_field.yaml")
        #expect(missing.contains("line 5") && missing.contains("lr"), "\(missing)")
        let dot = message("25_comprehension_with_dot.yaml")
        #expect(dot.contains("line 3") && dot.contains("'.'"))
    }

    @Test("overrides of a malet config: every leaf as dotted.key=value, strings that read otherwise quoted")
    func overrides() throws {
        let grid = try Grid.malet(yaml: "model: {name: vit, depth: 2}\ntag: 'true'\ngrid:\n  layers: [[64, 64]]\n  lr: [1.0e-4]\n")
        #expect(grid.points.first?.overrides == ["model.name=vit", "model.depth=2", "tag='true'", "layers=[64,64]", "lr=0.0001"])
    }

    @Test("comprehension: Python arithmetic, ranges chained with --")
    func comprehension() throws {
        let text = try MaletComprehension.expand("a: [2**i;5:1:7--8:2:12]\nb: [[i, 2*i];1:1:3]\nc: [i/4 - 1//2;1:1:3]\nd: [(i,);0:1:2]\n", file: "x")
        #expect(text == "a: [32, 64, 256, 1024]\nb: [[1, 2], [2, 4]]\nc: [0.25, 0.5]\nd: [(0,), (1,)]\n")
    }
}
