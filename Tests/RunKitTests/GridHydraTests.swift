import Foundation
import Testing
@testable import RunKit

@Suite("Grid from Hydra overrides")
struct GridHydraTests {
    struct Case: CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var record: ConfigValue
        var testDescription: String { name }
    }

    static let corpus: (groups: [String: [String]], cases: [Case]) = {
        let path = Fixtures.path("hydra-sweeps.json")
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) else { return ([:], []) }
        var groups: [String: [String]] = [:]
        for (group, options) in json["config_groups"]?.mapValue ?? [:] {
            groups[group] = (options.listValue ?? []).compactMap(\.stringValue)
        }
        let cases = (json["cases"]?.listValue ?? []).map { record in
            Case(name: record["name"]?.stringValue ?? "?",
                 arguments: (record["args"]?.listValue ?? []).compactMap(\.stringValue), record: record)
        }
        return (groups, cases)
    }()

    @Test("the corpus holds 34 cases, 8 of them errors")
    func corpusSize() {
        #expect(Self.corpus.cases.count == 34)
        #expect(Self.corpus.cases.filter { $0.record["error"] == .bool(true) }.count == 8)
    }

    @Test("each case gives Hydra's jobs in Hydra's order, or fails where Hydra fails", arguments: corpus.cases)
    func conformance(_ testCase: Case) throws {
        if testCase.record["error"] == .bool(true) {
            #expect(throws: RunKitError.self) { try Grid.hydra(testCase.arguments, configGroups: Self.corpus.groups) }
            return
        }
        let grid = try Grid.hydra(testCase.arguments, configGroups: Self.corpus.groups)
        let expected = (testCase.record["jobs"]?.listValue ?? []).map { ($0.listValue ?? []).compactMap(\.stringValue) }
        #expect(grid.points.map(\.overrides) == expected)
        #expect(grid.points.count == testCase.record["n_jobs"]?.intValue)
    }

    @Test("each override's key, type and value type are Hydra's", arguments: corpus.cases)
    func overrides(_ testCase: Case) throws {
        for record in testCase.record["overrides"]?.listValue ?? [] {
            let override = try HydraOverride.parse(record["input"]?.stringValue ?? "")
            #expect(override.kind.rawValue == record["type"]?.stringValue)
            #expect(override.keyElement == record["key"]?.stringValue)
            #expect(override.package == record["package"]?.stringValue)
            #expect(override.valueType == record["value_type"]?.stringValue)
            #expect(override.isSweep == record["is_sweep"]?.boolValue)
        }
    }

    @Test("configs: nested at dots, typed, + dropped, ~ left out")
    func configs() throws {
        let grid = try Grid.hydra(["model.width=16,32", "+seed=7", "~dropout", "name='a,b'"])
        #expect(grid.fields == ["model.width", "+seed", "~dropout", "name"])
        #expect(grid.points.count == 2)
        #expect(grid.points[1].config == ["model": ["width": 32], "seed": 7, "name": "a,b"])
        #expect(grid.points[1].values["~dropout"] == .null)
        #expect(grid.points[0].overrides == ["model.width=16", "+seed=7", "~dropout=null", "name='a,b'"])
    }

    @Test("errors are one sentence quoting the override and the place")
    func errors() {
        do {
            _ = try Grid.hydra(["x=(1,2"])
            Issue.record("no error")
        } catch let error as RunKitError {
            #expect(error.description.contains("'x=(1,2'") && error.description.contains("character 3"))
        } catch { Issue.record("\(error)") }
    }

    @Test("glob(…) without config groups is an error, not an empty grid; with them it chooses")
    func globNeedsGroups() throws {
        let error = #expect(throws: RunKitError.self) { try Grid.hydra(["x=glob(*)", "y=1,2"]) }
        #expect(error?.description.contains("'x=glob(*)'") == true && error?.description.contains("--config-dir") == true)
        let grid = try Grid.hydra(["db=glob(m*)"], configGroups: ["db": ["postgresql", "mysql", "mongo"]])
        #expect(grid.points.map(\.overrides) == [["db=mongo"], ["db=mysql"]])
        #expect(try Grid.hydra(["x=glob(*)"], configGroups: [:]).points.isEmpty)   // a directory without that group
    }

    @Test("FloatRange accumulates Decimal(float) values in a 28-digit context")
    func floatRange() throws {
        let grid = try Grid.hydra(["x=range(0,1,0.1)", "y=range(1.5,0,-0.5)"])
        let xs = Set(grid.points.compactMap { $0.values["x"]?.doubleValue })
        #expect(xs.contains(0.7000000000000001) && xs.count == 10)
        #expect(Set(grid.points.compactMap { $0.values["y"]?.doubleValue }) == [1.5, 1.0, 0.5])
    }

    @Test("rendering a config value as an override reads back as the same value")
    func roundTrip() throws {
        let values: [ConfigValue] = ["001", "true", "a,b", "it's", "x y", "", 1.5e-7, [1, "2"], ["k": "v:w"], .null, 1e16]
        for value in values {
            let text = "k=" + HydraElement(configValue: value).rendered
            let parsed = try HydraOverride.parse(text).values()
            #expect(parsed.map(\.configValue) == [value], "\(text)")
        }
    }
}

@Suite("Python repr of floats")
struct PythonReprTests {
    @Test("repr switches to exponent notation where Python does")
    func floats() {
        #expect(PythonRepr.float(0.1) == "0.1")
        #expect(PythonRepr.float(10) == "10.0")
        #expect(PythonRepr.float(0.0001) == "0.0001")
        #expect(PythonRepr.float(0.00001) == "1e-05")
        #expect(PythonRepr.float(1e15) == "1000000000000000.0")
        #expect(PythonRepr.float(1e16) == "1e+16")
        #expect(PythonRepr.float(1.5e300) == "1.5e+300")
        #expect(PythonRepr.float(0.30000000000000004) == "0.30000000000000004")
        #expect(PythonRepr.float(-2.5) == "-2.5")
        #expect(PythonRepr.float(123456789.123) == "123456789.123")
        #expect(PythonRepr.str(.list([64, 64]), tuple: true) == "(64, 64)")
        #expect(PythonRepr.str(.list([128]), tuple: true) == "(128,)")
        #expect(PythonRepr.str(["a": 1, "b": [1.5, .null]]) == "{'a': 1, 'b': [1.5, None]}")
        #expect(PythonRepr.repr("it's") == "\"it's\"")
    }
}
