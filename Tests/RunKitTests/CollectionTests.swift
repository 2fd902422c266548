import Foundation
import Testing
@testable import RunKit

/// A hand-built run: `config` is the nested tree.
private func run(_ id: String, _ config: ConfigValue, metrics: [String: Double] = [:],
                 status: RunStatus = .finished, experiment: String = "exp") -> Run {
    Run(info: RunInfo(runID: id, runName: "name-\(id)", experimentName: experiment, status: status),
        config: config, metrics: metrics)
}

/// Six runs of a small sweep, in this order:
/// a: mlp lr 0.1  seed 1 dropout null  augment [flip, crop]  epochs 10
/// b: cnn lr 0.01 seed 2 dropout 0.1   augment [flip]        epochs 10.0
/// c: cnn lr 0.001 seed 1 dropout null augment [flip, crop]  epochs 5
/// d: mlp lr 0.01 seed 2 dropout 0.2   augment [flip]        epochs 5      (no "extra")
/// e: cnn lr 0.1  seed "1" dropout null augment [flip]      epochs 20
/// f: mlp lr NaN  seed 3 (no dropout)  augment []            epochs 10
private func sweep() -> RunCollection {
    func config(_ type: String, _ lr: ConfigValue, _ seed: ConfigValue, _ dropout: ConfigValue?, _ augment: ConfigValue, _ epochs: ConfigValue) -> ConfigValue {
        var model: ConfigValue = ["type": .string(type)]
        if let dropout, case .map(var map) = model { map["dropout"] = dropout; model = .map(map) }
        return ["model": model, "optimizer": ["lr": lr], "seed": seed, "data": ["augment": augment], "train": ["epochs": epochs]]
    }
    return RunCollection([
        run("a", config("mlp", 0.1, 1, .null, ["flip", "crop"], 10), metrics: ["loss": 0.5]),
        run("b", config("cnn", 0.01, 2, 0.1, ["flip"], 10.0), metrics: ["loss": 0.3], status: .failed),
        run("c", config("cnn", 0.001, 1, .null, ["flip", "crop"], 5), metrics: ["loss": 0.4]),
        run("d", config("mlp", 0.01, 2, 0.2, ["flip"], 5), metrics: ["loss": 0.2]),
        run("e", config("cnn", 0.1, "1", .null, ["flip"], 20), metrics: ["loss": 0.6]),
        run("f", config("mlp", .double(.nan), 3, nil, [], 10), metrics: ["loss": 0.1]),
    ])
}

private func ids(_ runs: RunCollection) -> String { runs.map(\.id).joined() }

private func requireSendable<T: Sendable>(_ value: T) -> T { value }

@Suite("Collection: the collection itself")
struct CollectionBasicsTests {
    @Test("count, iteration, index, slices that are collections")
    func randomAccess() throws {
        let runs = requireSendable(sweep())
        #expect(runs.count == 6)
        #expect(runs[0].id == "a")
        #expect(runs.map(\.id) == ["a", "b", "c", "d", "e", "f"])
        let slice: RunCollection = runs[1..<3]
        #expect(slice.count == 2)
        #expect(slice.map(\.id) == ["b", "c"])
        #expect(slice.startIndex == 1)   // like ArraySlice, a slice keeps its base's indices
        #expect(slice[1].id == "b")
        #expect(try slice.filter(["model.type": "cnn"]).count == 2)
        #expect(ids(runs.dropFirst(4)) == "ef")
        #expect(ids(runs.suffix(2)) == "ef")
        #expect(Array(runs.reversed()).map(\.id).first == "f")
        #expect(runs.description == "ItemCollection<Run>(n=6)")
        let empty = RunCollection([])
        #expect(empty.isEmpty)
        #expect(empty.first == nil)
    }

    @Test("a collection of your own type with its own lookup")
    func genericElements() throws {
        struct Trial: Sendable { var name: String; var score: Double }
        let trials = ItemCollection([Trial(name: "a", score: 0.9), Trial(name: "b", score: 0.7), Trial(name: "c", score: 0.8)]) { trial, key in
            switch key {
            case "name": return .string(trial.name)
            case "score": return .double(trial.score)
            default: return nil
            }
        }
        #expect(try trials.filter(.satisfies("score") { $0 > 0.75 }).map(\.name) == ["a", "c"])
        #expect(trials.sorted(by: "score").map(\.name) == ["b", "c", "a"])
        #expect(try trials.single(matching: ["name": "b"]).score == 0.7)
        #expect(try trials.values(of: "name") == ["a", "b", "c"])
        let error = #expect(throws: RunKitError.self) { try trials.filter(["nmae": "a"]) }
        #expect(error?.kind == .keyNotFound)
        #expect(error?.description == "No such key: nmae")   // no field names given: no suggestions

        let records = ItemCollection<ConfigValue>([["lr": 0.1, "seed": 1], ["lr": 0.01, "seed": 2]])
        #expect(try records.filter(["seed": 2]).values(of: "lr") == [0.01])
        let typo = #expect(throws: RunKitError.self) { try records.values(of: "sede") }
        #expect(typo?.description.contains("'seed'") == true)
    }

    @Test("get on an element whose value Python would call falsy")
    func falsyMatch() throws {
        let numbers = ItemCollection([0, 1, 2]) { number, key in key == "value" ? .int(number) : nil }
        #expect(try numbers.single(matching: ["value": 0]) == 0)
        #expect(try numbers.singleIfPresent(matching: ["value": 0]) == 0)
        #expect(try numbers.singleIfPresent(matching: ["value": 7]) == nil)
        #expect(try numbers.first(matching: .anyOf("value", [0, 1])) == 0)
    }
}

@Suite("Collection: filter and exclude")
struct CollectionFilterTests {
    let runs = sweep()

    @Test("exact values: numbers loosely, no string/number coercion")
    func exact() throws {
        #expect(ids(try runs.filter(["model.type": "cnn"])) == "bce")
        #expect(ids(try runs.filter(["train.epochs": 10])) == "abf")     // 10 == 10.0
        #expect(ids(try runs.filter(["train.epochs": 10.0])) == "abf")
        #expect(ids(try runs.filter(["seed": 1])) == "ac")               // "1" is not 1
        #expect(ids(try runs.filter(["seed": "1"])) == "e")
        #expect(ids(try runs.filter(["model.dropout": nil])) == "ace")   // f has no dropout at all
        #expect(ids(try runs.filter(["optimizer.lr": .double(.nan)])) == "")  // NaN equals nothing
    }

    @Test("dotted and __ keys, namespaces, a dictionary of pairs, several criteria AND, chains")
    func keysAndCombinations() throws {
        #expect(ids(try runs.filter(["model__type": "mlp"])) == "adf")
        #expect(ids(try runs.filter(["config.model.type": "mlp"])) == "adf")
        #expect(ids(try runs.filter(["metrics.loss": 0.2])) == "d")
        #expect(ids(try runs.filter(["run_id": "c"])) == "c")
        #expect(ids(try runs.filter(["model.type": "cnn", "seed": 2])) == "b")
        #expect(ids(try runs.filter(.equals("model.type", "mlp"), .equals("train.epochs", 10))) == "af")
        #expect(ids(try runs.filter(["model.type": "mlp"]).filter(["seed": 2])) == "d")
        #expect(ids(try runs.filter()) == "abcdef")
        #expect(ids(try runs.filter(.all([]))) == "abcdef")
    }

    @Test("any-of is membership, unless the value is a list")
    func anyOf() throws {
        #expect(ids(try runs.filter(.anyOf("optimizer.lr", [0.1, 0.001]))) == "ace")
        #expect(ids(try runs.filter(["optimizer.lr": [0.1, 0.001]])) == "ace")     // a list value means the same
        #expect(ids(try runs.filter(.anyOf("model.dropout", [nil, 0.1]))) == "abce")
        #expect(ids(try runs.filter(["data.augment": ["flip"]])) == "bde")         // list value: equality
        #expect(ids(try runs.filter(.anyOf("data.augment", ["flip", "crop"]))) == "ac")
        #expect(ids(try runs.filter(["data.augment": ["crop", "flip"]])) == "")    // order matters
        #expect(ids(try runs.filter(["data.augment": []])) == "f")
    }

    @Test("closed ranges: inclusive, never matching null or another kind, list values by equality")
    func ranges() throws {
        #expect(ids(try runs.filter(.between("optimizer.lr", 0.001...0.01))) == "bcd")
        #expect(ids(try runs.filter(.between("optimizer.lr", 0.01, 0.5))) == "abde")
        #expect(ids(try runs.filter(.between("model.dropout", 0...1))) == "bd")            // nulls: no match, no error
        #expect(ids(try runs.filter(.between("seed", 1, 2))) == "abcd")          // "1" is not ordered against numbers
        #expect(ids(try runs.filter(.between("model.type", "a", "d"))) == "bce") // strings with strings
        #expect(ids(try runs.filter(.between("data.augment", "flip", "crop"))) == "ac")
        #expect(ids(try runs.exclude(.between("model.dropout", 0...1))) == "acef")
    }

    @Test("predicates on a value and on the whole run")
    func predicates() throws {
        #expect(ids(try runs.filter(.satisfies("optimizer.lr") { $0 < 0.05 })) == "bcd")     // NaN is not < 0.05
        #expect(ids(try runs.filter(.satisfies("model.dropout") { $0 > 0.15 })) == "d")      // null is not > anything
        #expect(ids(runs.filter { $0.info.status == .failed }) == "b")
        #expect(ids(try runs.filter(.predicate { (try $0.requiredValue(for: "train.epochs")) >= 10 })) == "abef")
        let error = #expect(throws: RunKitError.self) { try runs.filter(.predicate { try $0.requiredValue(for: "nope") == 1 }) }
        #expect(error?.kind == .keyNotFound)
    }

    @Test("exclude drops runs matching ANY criterion")
    func exclude() throws {
        #expect(ids(try runs.exclude(["model.type": "cnn"])) == "adf")
        #expect(ids(try runs.exclude(.equals("seed", 1), .equals("optimizer.lr", 0.1))) == "bdf")
        #expect(ids(try runs.exclude(["seed": 1, "optimizer.lr": 0.1])) == "bdf")
        #expect(ids(runs.exclude { $0.id < "c" }) == "cdef")
        #expect(ids(try runs.exclude(["model.dropout": nil])) == "bdf")            // a missing key is no match, so kept
        #expect(ids(try runs.exclude()) == "abcdef")
    }

    @Test("a key no run has is an error with suggestions; one some runs lack is no match")
    func missingKeys() throws {
        let error = #expect(throws: RunKitError.self) { try runs.filter(["model.tpye": "cnn"]) }
        #expect(error?.kind == .keyNotFound)
        #expect(error?.description.hasPrefix("No such key: model.tpye") == true)
        #expect(error?.description.contains("model.type") == true)
        #expect(throws: RunKitError.self) { try runs.exclude(["nonexistent": 1]) }
        #expect(throws: RunKitError.self) { try runs.filter(.greaterThan("a.b", key: "seed")) }
        #expect(ids(try runs.filter(.greaterThan("a.b", key: "seed", default: 5))) == "abcdf")   // 5 > 1, 2, 3; not > "1"
        #expect(ids(try RunCollection([]).filter(["anything": 1])) == "")
    }

    @Test("builders: startsWith, endsWith, contains, regex, comparisons of keys and constants")
    func builders() throws {
        #expect(ids(try runs.filter(.startsWith("model.type", "c"))) == "bce")
        #expect(ids(try runs.filter(.endsWith("model.type", "p"))) == "adf")
        #expect(ids(try runs.filter(.contains("run_name", "-d"))) == "d")
        #expect(ids(try runs.filter(.regex("run_name", "name-[a-c]"))) == "abc")
        #expect(ids(try runs.filter(.regex("optimizer.lr", "0\\.0"))) == "bcd")     // the text of a number
        #expect(ids(try runs.filter(.regex("run_name", "-[a-c]"))) == "")           // anchored at the start, like re.match
        #expect(throws: RunKitError.self) { try runs.filter(.regex("run_name", "(")) }
        #expect(ids(try runs.filter(.greaterThan("optimizer.lr", 0.01))) == "ae")
        #expect(ids(try runs.filter(.atMost("optimizer.lr", 0.01))) == "bcd")
        #expect(ids(try runs.filter(.notEquals("model.type", "cnn"))) == "adf")
        #expect(ids(try runs.filter(.lessThan("optimizer.lr", key: "model.dropout"))) == "bd")  // null dropouts: no match
        #expect(ids(try runs.filter(.greaterThan("optimizer.lr", key: "model.dropout", default: 0))) == "")
        #expect(ids(try runs.filter(.equals("seed", key: "seed"))) == "abcdef")
        #expect(ids(try runs.filter(.compare("train.epochs", .greaterThanOrEqual, 10))) == "abef")
    }
}

@Suite("Collection: sort")
struct CollectionSortTests {
    let runs = sweep()

    @Test("one and several keys, stable")
    func ascending() {
        #expect(ids(runs.sorted(by: "optimizer.lr")) == "cbdaef")         // NaN last; ties in input order
        #expect(ids(runs.sorted(by: "model.type", "optimizer.lr")) == "cbeda" + "f")
        #expect(ids(runs.sorted(by: ["train.epochs"])) == "cdabfe")      // 10 and 10.0 tie
        #expect(ids(runs.sorted()) == "abcdef")
    }

    @Test("reverse flips the whole stable order (ties reversed), as HydraFlow")
    func reverse() {
        #expect(ids(runs.sorted(by: "optimizer.lr", reverse: true)) == "eadbcf")
        #expect(ids(runs.sorted(by: "train.epochs", reverse: true)) == "efbadc")
        var copy = runs
        copy.sort(by: "model.type", "seed", reverse: true)
        #expect(ids(copy) == "fdae" + "bc")  // strings ("1") sort after numbers, so e's "1" leads the cnn block reversed
    }

    @Test("NaN, then null, then missing go last in both directions")
    func trailing() {
        // dropout: a null, b 0.1, c null, d 0.2, e null, f missing
        #expect(ids(runs.sorted(by: "model.dropout")) == "bdacef")
        #expect(ids(runs.sorted(by: "model.dropout", reverse: true)) == "dbecaf")
        #expect(ids(runs.sorted(by: "nonexistent")) == "abcdef")
        #expect(ids(runs.sorted(by: "nonexistent", reverse: true)) == "fedcba")
    }
}

@Suite("Collection: get, tryGet, first, last")
struct CollectionSelectTests {
    let runs = sweep()

    @Test("get: exactly one, else noMatch or multipleMatches")
    func get() throws {
        #expect(try runs.single(matching: ["model.type": "cnn", "seed": 2]).id == "b")
        #expect(try runs.single(matching: .equals("optimizer.lr", 0.001)).id == "c")
        let none = #expect(throws: RunKitError.self) { try runs.single(matching: ["model.type": "rnn"]) }
        #expect(none?.kind == .noMatch)
        #expect(none?.description == "No item found matching the specified criteria")
        let many = #expect(throws: RunKitError.self) { try runs.single(matching: ["model.type": "cnn"]) }
        #expect(many?.kind == .multipleMatches)
        #expect(many?.description == "Multiple items (3) found matching the criteria, expected exactly one")
    }

    @Test("tryGet: nil for none, error for several")
    func tryGet() throws {
        #expect(try runs.singleIfPresent(matching: ["model.type": "rnn"]) == nil)
        #expect(try runs.singleIfPresent(matching: ["optimizer.lr": 0.001])?.id == "c")
        #expect(throws: RunKitError.self) { try runs.singleIfPresent(matching: .equals("seed", 2)) }
    }

    @Test("first and last")
    func firstLast() throws {
        #expect(try runs.first(matching: ["model.type": "cnn"]).id == "b")
        #expect(try runs.last(matching: ["model.type": "cnn"]).id == "e")
        #expect(try runs.first().id == "a")
        #expect(try runs.last(matching: .between("optimizer.lr", 0.001, 0.01)).id == "d")
        #expect(try runs.sorted(by: "metrics.loss").first(matching: ["model.type": "cnn"]).id == "b")
        let error = #expect(throws: RunKitError.self) { try runs.first(matching: ["seed": 99]) }
        #expect(error?.kind == .noMatch)
        #expect(throws: RunKitError.self) { try RunCollection([]).last() }
        #expect(runs.first(where: { $0.id == "z" }) == nil)   // the optional form is the stdlib's
    }
}

@Suite("Collection: values, unique, groups, rows")
struct CollectionValuesTests {
    let runs = sweep()

    @Test("toList with and without a default; missing keys")
    func valuesOf() throws {
        #expect(try runs.values(of: "model.type") == ["mlp", "cnn", "cnn", "mlp", "cnn", "mlp"])
        #expect(try runs.values(of: "model__type").count == 6)
        #expect(try runs[0..<2].values(of: "data.augment") == [["flip", "crop"], ["flip"]])
        #expect(runs.values(of: "model.dropout", default: -1) == [nil, 0.1, nil, 0.2, nil, -1])
        #expect(runs.values(of: "nope") { .string($0.id) } == ["a", "b", "c", "d", "e", "f"])
        let everywhere = #expect(throws: RunKitError.self) { try runs.values(of: "nonexistent") }
        #expect(everywhere?.description.hasPrefix("No such key: nonexistent") == true)
        let somewhere = #expect(throws: RunKitError.self) { try runs.values(of: "model.dropout") }
        #expect(somewhere?.kind == .keyNotFound)
        #expect(somewhere?.description.contains("Run(f") == true)
    }

    @Test("toDoubles: numbers, null as NaN, errors for text")
    func doublesOf() throws {
        let lrs = try runs.doubles(of: "optimizer.lr")
        #expect(lrs.prefix(5) == [0.1, 0.01, 0.001, 0.01, 0.1])
        #expect(lrs[5].isNaN)
        let dropouts = try runs.doubles(of: "model.dropout", default: 0)
        #expect(dropouts[0].isNaN && dropouts[1] == 0.1 && dropouts[5] == 0)
        #expect(try runs.doubles(of: "metrics.loss") == [0.5, 0.3, 0.4, 0.2, 0.6, 0.1])
        let error = #expect(throws: RunKitError.self) { try runs.doubles(of: "model.type") }
        #expect(error?.kind == .typeMismatch)
    }

    @Test("unique: sorted, 10 and 10.0 once, nulls last, lists of any length")
    func unique() throws {
        #expect(try runs.uniqueValues(of: "model.type") == ["cnn", "mlp"])
        let epochs = try runs.uniqueValues(of: "train.epochs")
        #expect(epochs.count == 3)
        #expect(epochs == [5, 10, 20])
        let lrs = try runs.uniqueValues(of: "optimizer.lr")
        #expect(lrs.prefix(3) == [0.001, 0.01, 0.1])
        #expect(lrs.count == 4 && lrs[3].doubleValue?.isNaN == true)
        #expect(try runs.uniqueValues(of: "model.dropout") == [0.1, 0.2, nil])     // f lacks the key: skipped
        #expect(runs.uniqueValues(of: "model.dropout", default: 0) == [0, 0.1, 0.2, nil])
        #expect(try runs.uniqueValues(of: "seed") == [1, 2, 3, "1"])
        #expect(try runs.uniqueValues(of: "data.augment") == [[], ["flip"], ["flip", "crop"]])
        #expect(try runs.uniqueValues(of: "model.type").count == 2)
        #expect(runs.uniqueValues(of: "model.dropout", default: 0).count == 4)
        #expect(throws: RunKitError.self) { try runs.uniqueValues(of: "nonexistent") }
    }

    @Test("groupBy: first-appearance order, several keys, list keys, missing apart from null")
    func groupedBy() throws {
        let byType = try runs.grouped(by: "model.type")
        #expect(byType.map(\.key) == ["mlp", "cnn"])
        #expect(byType.map { ids($0.items) } == ["adf", "bce"])
        #expect(byType[0]["model.type"] == "mlp")

        let byTwo = try runs.grouped(by: "model.type", "seed")
        #expect(byTwo.map(\.key) == [["mlp", 1], ["cnn", 2], ["cnn", 1], ["mlp", 2], ["cnn", "1"], ["mlp", 3]])

        let byEpochs = try runs.grouped(by: "train.epochs")
        #expect(byEpochs.map { ids($0.items) } == ["abf", "cd", "e"])   // 10 and 10.0 together

        let byAugment = try runs.grouped(by: "data.augment")
        #expect(byAugment.map(\.key) == [["flip", "crop"], ["flip"], []])

        let byDropout = try runs.grouped(by: "model.dropout")
        #expect(byDropout.map { ids($0.items) } == ["ace", "b", "d", "f"])
        #expect(byDropout[0].values == [.null])
        #expect(byDropout[3].values == [nil])

        let byLR = try runs.grouped(by: "optimizer.lr")
        #expect(byLR.count == 4)
        let withNaN = try RunCollection([runs[5], runs[5], runs[0]]).grouped(by: "optimizer.lr")
        #expect(withNaN.map(\.items.count) == [2, 1])                   // NaNs share one group

        #expect(try runs.grouped(by: []).map(\.items.count) == [6])
        #expect(throws: RunKitError.self) { try runs.grouped(by: "nonexistent") }
    }

    @Test("rows: one per run, defaults only for missing keys")
    func rows() throws {
        let rows = try runs[0..<2].rows("run_id", "model.type", "model.dropout", "notes", defaults: ["notes": "n/a", "model.dropout": -1])
        #expect(rows == [["a", "mlp", nil, "n/a"], ["b", "cnn", 0.1, "n/a"]])
        #expect(try runs.rows() == [])
        #expect(throws: RunKitError.self) { try runs.rows("nonexistent") }
    }
}

@Suite("Collection: typed runs")
struct CollectionTypedTests {
    struct Model: Decodable, Sendable { var type: String; var dropout: Double? }
    struct Optimizer: Decodable, Sendable { var lr: Double }
    struct Config: Decodable, Sendable { var model: Model; var optimizer: Optimizer; var seed: Int }

    /// Counts its decodings, to see that a run's config is decoded once.
    struct Counted: Decodable, Sendable {
        nonisolated(unsafe) static var decodings = 0
        var seed: Int
        init(from decoder: any Decoder) throws {
            Self.decodings += 1
            seed = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .seed)
        }
        enum CodingKeys: String, CodingKey { case seed }
    }

    let runs = sweep()

    @Test("filter with compiler-checked fields, keys still work, back to runs")
    func typed() throws {
        let good = runs.filter { $0.id != "e" && $0.id != "f" }   // e's seed is a string, f's lr is NaN
        let typed = try good.typed(Config.self)
        #expect(typed.count == 4)
        let mlps = typed.filter { $0.config.model.type == "mlp" }
        #expect(mlps.map(\.id) == ["a", "d"])
        #expect(mlps.map(\.config.optimizer.lr) == [0.1, 0.01])
        #expect(typed.sorted(by: "optimizer.lr").map(\.id) == ["c", "b", "d", "a"])
        #expect(try typed.filter(["seed": 2]).map(\.config.seed) == [2, 2])
        #expect(typed[0].config.model.dropout == nil)
        let plain: RunCollection = mlps.runs
        #expect(ids(plain) == "ad")
        #expect(try plain.filter(["seed": 2]).count == 1)
    }

    @Test("a config that does not decode names the run")
    func decodeFailure() throws {
        let error = #expect(throws: RunKitError.self) { try runs.typed(Config.self) }
        #expect(error?.kind == .typeMismatch)
        #expect(error?.description.contains("run e") == true)
    }

    @Test("each run's config is decoded once")
    func decodedOnce() throws {
        let some = runs.filter { $0.id != "e" }
        _ = try some.typed(Counted.self)
        _ = try some.typed(Counted.self).filter { $0.config.seed == 1 }
        #expect(Counted.decodings == 5)
    }
}
