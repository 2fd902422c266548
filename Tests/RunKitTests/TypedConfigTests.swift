import Foundation
import Testing
@testable import RunKitModel
import RunKitSupport

/// `Run.decodeConfig(as:)` decodes straight from the config tree and gives what the old path
/// (the tree written as JSON, read by `JSONDecoder`) gave: the same values and the same error
/// sentences, case by case, with the old path kept here as the oracle.
@Suite("Typed config: decoded from the tree as JSONDecoder did")
struct TypedConfigTests {
    struct Box<Value: Decodable & Equatable>: Decodable, Equatable { var v: Value }
    struct Maybe: Decodable, Equatable { var v: Int?; var w: [String]? }
    enum Activation: String, Decodable, Equatable { case relu, gelu }
    enum Depth: Int, Decodable, Equatable { case shallow = 1, deep = 8 }
    struct Layer: Decodable, Equatable { var units: Int; var activation: Activation; var depth: Depth? }
    struct Model: Decodable, Equatable {
        var name: String
        var layers: [Layer]
        var dropout: Double?
        var tags: [String: Int]
        var flags: [Bool]
    }
    struct Pair: Decodable, Equatable {
        var first: Int
        var second: Int
        init(from decoder: any Decoder) throws {
            var items = try decoder.unkeyedContainer()
            first = try items.decode(Int.self)
            second = try items.decode(Int.self)
        }
    }

    static func run(_ config: ConfigValue) -> Run {
        Run(info: RunInfo(runID: "r1"), config: config, params: [:], metrics: [:], tags: [:])
    }

    /// The old `decodeConfig`: the config as JSON text through `JSONDecoder`, its error described as before.
    static func oldDecode<T: Decodable>(_ config: ConfigValue, as type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(JSONWriter.string(config).utf8))
        } catch let error as DecodingError {
            func path(_ context: DecodingError.Context) -> String {
                context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            }
            let reason: String
            switch error {
            case .keyNotFound(let key, let context):
                let parent = path(context)
                reason = "missing key '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
            case .typeMismatch(let type, let context): reason = "'\(path(context))' is not \(type)"
            case .valueNotFound(let type, let context): reason = "'\(path(context))' is null, expected \(type)"
            case .dataCorrupted(let context): reason = "'\(path(context))': \(context.debugDescription)"
            @unknown default: reason = "\(error)"
            }
            throw RunKitError(.typeMismatch, "The config of run r1 does not decode as \(T.self): \(reason)")
        }
    }

    /// The new and the old path agree on `config` as `T`: the same value, or the same error sentence.
    static func expectSame<T: Decodable & Equatable>(_ config: ConfigValue, as type: T.Type,
                                                     sourceLocation: SourceLocation = #_sourceLocation) {
        func outcome(_ decode: () throws -> T) -> (value: T?, error: String?) {
            do { return (try decode(), nil) } catch { return (nil, (error as? RunKitError)?.description ?? "\(error)") }
        }
        let new = outcome { try run(config).decodeConfig(as: T.self) }
        let old = outcome { try oldDecode(config, as: T.self) }
        #expect(new.value == old.value && new.error == old.error, "\(config) as \(T.self): \(new) vs \(old)",
                sourceLocation: sourceLocation)
    }

    @Test("values: numbers across types, whole doubles as Int, strings, bools, nested, optional, enums, arrays of structs")
    func values() throws {
        Self.expectSame(["v": 3], as: Box<Int>.self)
        Self.expectSame(["v": 1.0], as: Box<Int>.self)               // JSONDecoder read `1.0` as 1
        Self.expectSame(["v": 1000.0], as: Box<Int>.self)
        Self.expectSame(["v": -0.0], as: Box<Int>.self)
        Self.expectSame(["v": 3], as: Box<Double>.self)
        Self.expectSame(["v": 0.1], as: Box<Float>.self)
        Self.expectSame(["v": 9_223_372_036_854_775_807], as: Box<Double>.self)
        Self.expectSame(["v": 200], as: Box<UInt8>.self)
        Self.expectSame(["v": -5], as: Box<Int16>.self)
        Self.expectSame(["v": "001"], as: Box<String>.self)
        Self.expectSame(["v": true], as: Box<Bool>.self)
        Self.expectSame(["v": [1, 2]], as: Box<[Int]>.self)
        Self.expectSame(["v": [1, .null]], as: Box<[Int?]>.self)
        Self.expectSame(["v": .list([])], as: Box<[Int]>.self)
        Self.expectSame(["v": ["a": 1, "b": 2]], as: Box<[String: Int]>.self)
        Self.expectSame(["v": ["1": 1]], as: Box<[Int: Int]>.self)
        Self.expectSame(["v": [3, 4]], as: Box<Pair>.self)
        Self.expectSame([:], as: Maybe.self)
        Self.expectSame(["v": .null, "w": .null], as: Maybe.self)
        Self.expectSame(["v": 2, "w": ["x"]], as: Maybe.self)
        Self.expectSame(["v": "relu"], as: Box<Activation>.self)
        Self.expectSame(["v": 8], as: Box<Depth>.self)
        Self.expectSame(["v": 100.5], as: Box<Date>.self)
        Self.expectSame(["v": "https://example.org/a?b=1"], as: Box<URL>.self)
        Self.expectSame(["v": "aGk="], as: Box<Data>.self)
        Self.expectSame(["v": 0.1], as: Box<Decimal>.self)
        Self.expectSame(["v": 12], as: Box<Decimal>.self)
        let model: ConfigValue = [
            "name": "mlp", "dropout": .null, "tags": ["a": 1], "flags": [true, false],
            "layers": [["units": 64, "activation": "relu", "depth": 8], ["units": 32.0, "activation": "gelu"]],
        ]
        Self.expectSame(model, as: Model.self)
        let decoded = try Self.run(model).decodeConfig(as: Model.self)
        #expect(decoded.layers == [Layer(units: 64, activation: .relu, depth: .deep), Layer(units: 32, activation: .gelu, depth: nil)])
    }

    @Test("errors: missing keys, type mismatches, nulls, bad raw values, short lists, bad URLs and Base64")
    func errors() {
        Self.expectSame([:], as: Box<Int>.self)
        Self.expectSame(["v": "x"], as: Box<Int>.self)
        Self.expectSame(["v": true], as: Box<Int>.self)
        Self.expectSame(["v": 1], as: Box<Bool>.self)
        Self.expectSame(["v": 1], as: Box<String>.self)
        Self.expectSame(["v": .null], as: Box<Int>.self)
        Self.expectSame(["v": .null], as: Box<String>.self)
        Self.expectSame(["v": .null], as: Box<Box<Int>>.self)
        Self.expectSame(["v": .null], as: Box<[Int]>.self)
        Self.expectSame(["v": 3], as: Box<Box<Int>>.self)
        Self.expectSame(["v": 3], as: Box<[Int]>.self)
        Self.expectSame(["v": [1, "a"]], as: Box<[Int]>.self)
        Self.expectSame(["v": [1, .null]], as: Box<[Int]>.self)
        Self.expectSame(["v": ["a": 1]], as: Box<[Int: Int]>.self)
        Self.expectSame(["v": 1], as: Box<[String: Int]>.self)
        Self.expectSame(["v": [["c": 1]]], as: Box<[Box<Int>]>.self)
        Self.expectSame(["v": [["v": "x"]]], as: Box<[Box<Int>]>.self)
        Self.expectSame(["v": ["a": ["b": 1]]], as: Box<[String: Box<Int>]>.self)
        Self.expectSame(["v": "x"], as: Maybe.self)
        Self.expectSame(["v": "tanh"], as: Box<Activation>.self)
        Self.expectSame(["v": 2], as: Box<Depth>.self)
        Self.expectSame(["v": [1]], as: Box<Pair>.self)
        Self.expectSame(["v": "2020-01-01"], as: Box<Date>.self)
        Self.expectSame(["v": ""], as: Box<URL>.self)
        Self.expectSame(["v": 3], as: Box<URL>.self)
        Self.expectSame(["v": .null], as: Box<URL>.self)
        Self.expectSame(["v": "!!"], as: Box<Data>.self)
        Self.expectSame(["v": .null], as: Box<Data>.self)
        Self.expectSame(["v": [1, 2]], as: Box<Data>.self)
        Self.expectSame(["v": "x"], as: Box<Decimal>.self)
        Self.expectSame(["v": .null], as: Box<Decimal>.self)
        Self.expectSame([1], as: Box<Int>.self)
        Self.expectSame(["v": 1], as: Int.self)
        Self.expectSame(["v": 1], as: [Int].self)
        Self.expectSame(["name": "mlp", "tags": [:], "flags": [], "layers": [["units": 1, "activation": "relu", "depth": "8"]]],
                        as: Model.self)
    }

    @Test("where the JSON text lost the value: NaN and infinity are Doubles, a number that does not fit names its key")
    func lostInJSON() throws {
        #expect(try Self.run(["v": .double(.nan)]).decodeConfig(as: Box<Double>.self).v.isNaN)
        #expect(try Self.run(["v": .double(-.infinity)]).decodeConfig(as: Box<Double>.self).v == -.infinity)
        for (value, type, sentence) in [(ConfigValue.double(1.5), "Int", "'v': 1.5 does not fit in Int"),
                                        (.int(300), "Int8", "'v': 300 does not fit in Int8"),
                                        (.int(-3), "UInt", "'v': -3 does not fit in UInt")] {
            let error = #expect(throws: RunKitError.self) {
                switch type {
                case "Int8": _ = try Self.run(["v": value]).decodeConfig(as: Box<Int8>.self)
                case "UInt": _ = try Self.run(["v": value]).decodeConfig(as: Box<UInt>.self)
                default: _ = try Self.run(["v": value]).decodeConfig(as: Box<Int>.self)
                }
            }
            #expect(error?.description.hasSuffix(sentence) == true, "\(error?.description ?? "")")
        }
        let float = #expect(throws: RunKitError.self) { try Self.run(["v": 1e300]).decodeConfig(as: Box<Float>.self) }
        #expect(float?.description.hasSuffix("'v': 1e+300 does not fit in Float") == true, "\(float?.description ?? "")")
    }
}
