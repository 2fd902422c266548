import Testing
@testable import RunKit

@Suite("ConfigValue")
struct ConfigValueTests {
    let config: ConfigValue = [
        "model": ["type": "mlp", "hidden_size": 128, "dropout": nil],
        "data": ["augment": ["flip", "crop"], "batch_size": 64],
        "model.odd": "dotted key",
        "seed": 1,
    ]

    @Test("dotted paths, list indices, brackets and the __ alias")
    func paths() {
        #expect(config["model.hidden_size"] == 128)
        #expect(config["model__type"] == "mlp")
        #expect(config["data.augment.0"] == "flip")
        #expect(config["data.augment[1]"] == "crop")
        #expect(config["data__augment__1"] == "crop")
        #expect(config["data.augment.-1"] == "crop")
        #expect(config["model.dropout"] == .null)
        #expect(config["model.missing"] == nil)
        #expect(config["data.augment.5"] == nil)
        #expect(config["model.odd"] == "dotted key")
        #expect(config["model"]?["type"] == "mlp")
    }

    @Test("flattening keeps order; lists stay values; unflattening inverts it")
    func flatten() {
        let flat = config.flattened()
        #expect(Array(flat.keys) == ["model.type", "model.hidden_size", "model.dropout", "data.augment", "data.batch_size", "model.odd", "seed"])
        #expect(flat["data.augment"] == ["flip", "crop"])
        let tree = ConfigValue.unflattened([("a.b", 1), ("a.c", 2), ("d", "x")])
        #expect(tree == ["a": ["b": 1, "c": 2], "d": "x"])
    }

    @Test("equality as Python: 10 == 10.0, True == 1, but '1' != 1")
    func equality() {
        #expect(ConfigValue.int(10) == .double(10.0))
        #expect(ConfigValue.bool(true) == .int(1))
        #expect(ConfigValue.string("1") != .int(1))
        #expect(ConfigValue.double(.nan) != .double(.nan))
        #expect(ConfigValue.list([1, 2]) == .list([1.0, 2.0]))
        #expect(Set<ConfigValue>([10, 10.0]).count == 1, "equal values hash equally")
    }

    @Test("total order: numbers, NaN, strings, lists, maps, nulls last")
    func ordering() {
        let values: [ConfigValue] = [nil, "b", 2, .double(.nan), 1.5, "a", [1], false]
        let sorted = values.sorted(by: ConfigValue.sortsBefore)
        #expect(sorted.map(\.typeName) == ["bool", "double", "int", "double", "string", "string", "list", "null"])
        #expect(sorted[1] == 1.5)
        #expect(sorted[3].doubleValue!.isNaN)
    }

    @Test("JSON round trip: ints stay ints, doubles keep a point, non-finite as strings")
    func json() throws {
        let value: ConfigValue = ["i": 5, "d": 5.0, "small": 1e-05, "nan": .double(.nan), "inf": .double(-.infinity), "s": "a\"b\n", "l": [nil, true]]
        let text = JSONWriter.string(value)
        #expect(text == #"{"i":5,"d":5.0,"small":1e-05,"nan":"NaN","inf":"-Infinity","s":"a\"b\n","l":[null,true]}"#)
        let parsed = try JSONParser.parse(text)
        #expect(parsed["i"]?.typeName == "int")
        #expect(parsed["d"]?.typeName == "double")
        #expect(try JSONParser.parse("[NaN, Infinity, -Infinity]").listValue!.allSatisfy { !($0.doubleValue!.isFinite) })
        #expect(throws: RunKitError.self) { try JSONParser.parse("{\"a\": ") }
    }

    @Test("YAML scalars typed as OmegaConf types them")
    func yamlTyping() throws {
        let value = try YAMLReader.parse("a: 1\nb: 1e-3\nc: '1'\nd: null\ne: true\nf: .inf\ng: [1, 2]\nh: 0.5\ni: banana\n")
        #expect(value["a"]?.typeName == "int")
        #expect(value["b"] == 0.001)
        #expect(value["c"] == "1")
        #expect(value["d"] == .null)
        #expect(value["e"] == true)
        #expect(value["f"] == .double(.infinity))
        #expect(value["g"] == [1, 2])
        #expect(value["h"]?.typeName == "double")
        #expect(value["i"] == "banana")
    }

    @Test("invalid YAML is an error naming the file and the line")
    func yamlError() {
        do {
            _ = try YAMLReader.parse("a: [1, 2\nb: c: d\n", file: "conf.yaml")
            Issue.record("no error")
        } catch let error as RunKitError {
            #expect(error.kind == .malformedFile)
            #expect(error.description.contains("conf.yaml"))
            #expect(error.description.contains("line"))
        } catch { Issue.record("\(error)") }
    }
}
