import Foundation
import OrderedCollections
import Testing
@testable import RunKit
@testable import RunKitModel

@Suite("One copy of a load's repeated configs, records and fields")
struct ConfigValueSharingTests {
    /// Where an array's elements live: two arrays with the same address share one storage.
    private func storage<Element>(_ array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    private func map(_ value: ConfigValue?) -> OrderedDictionary<String, ConfigValue>? { value?.mapValue }

    @Test("equal subtrees and key lists of different trees come back as one storage")
    func sharesSubtrees() throws {
        let sharing = ConfigValueSharing()
        let a = sharing.share(["model": ["type": "mlp", "layers": [64, 64]], "path": "/data/a/long/enough/path", "seed": 1])
        let b = sharing.share(["model": ["type": "mlp", "layers": [64, 64]], "path": "/data/a/long/enough/path", "seed": 2])
        let (modelA, modelB) = (try #require(map(a["model"])), try #require(map(b["model"])))
        #expect(storage(modelA.values.elements) == storage(modelB.values.elements))
        #expect(storage(modelA.keys.elements) == storage(modelB.keys.elements))
        // The roots differ (seed), yet share their list of keys.
        let (rootA, rootB) = (try #require(map(a)), try #require(map(b)))
        #expect(storage(rootA.values.elements) != storage(rootB.values.elements))
        #expect(storage(rootA.keys.elements) == storage(rootB.keys.elements))
        #expect(a["seed"] == .int(1) && b["seed"] == .int(2))
    }

    @Test("sharing is exact: no value changes type, order or bits")
    func exact() throws {
        let sharing = ConfigValueSharing()
        let trees: [ConfigValue] = [
            ["x": ["v": 10]], ["x": ["v": 10.0]], ["x": ["v": true]], ["x": ["v": "10"]], ["x": ["v": nil]],
            ["x": ["v": .double(-0.0)]], ["x": ["v": .double(0.0)]], ["x": ["v": .double(.nan)]],
            ["x": ["a": 1, "b": 2]], ["x": ["b": 2, "a": 1]], ["x": [1, 2]], ["x": [2, 1]], ["x": [:]], ["x": []],
        ]
        for _ in 0..<2 {
            for tree in trees {
                let shared = sharing.share(tree)
                #expect(JSONWriter.string(shared) == JSONWriter.string(tree))
                #expect(shared["x"]?.typeName == tree["x"]?.typeName)
                if case .double(let d)? = tree["x"]?["v"] { #expect(shared["x"]?["v"]?.doubleValue?.bitPattern == d.bitPattern) }
                #expect(map(shared["x"])?.keys.elements == map(tree["x"])?.keys.elements)
            }
        }
    }

    @Test("an SQLite load's runs share their equal config subtrees, their record's column names and keep no own params")
    func sqliteLoad() throws {
        let runs = try MLflowSQLiteStore(databasePath: Fixtures.path("hydraflow-sqlite") + "/mlflow.db").loadRuns(LoadOptions(view: .all)).runs
        // Runs whose `model` subtrees are equal hold one copy of it.
        let withModel = runs.compactMap { run in map(run.config["model"]).map { (run, $0) } }
        var sharedPairs = 0
        for (index, (_, model)) in withModel.enumerated() {
            for (_, other) in withModel[(index + 1)...] where JSONWriter.string(.map(model)) == JSONWriter.string(.map(other)) {
                #expect(storage(model.values.elements) == storage(other.values.elements))
                sharedPairs += 1
            }
        }
        #expect(sharedPairs > 0)
        #expect(Set(runs.map { storage($0.info.raw.keys.elements) }).count == 1)
        // The layout is the one copy of params, metrics and tags; the accessors answer from it.
        for run in runs {
            #expect(run.laidOut != nil)
            #expect(run.sortedParams.map(\.key) == run.params.keys.sorted())
            #expect(run.sortedParams.allSatisfy { run.params[$0.key] == $0.value })
            #expect(run.sortedTags.map(\.key) == run.tags.keys.sorted())
            #expect(run.metricNames == run.metrics.keys.sorted())
            let plain = Run(info: run.info, config: run.config, params: run.params, metrics: run.metrics, tags: run.tags)
            #expect(JSONWriter.string(.map(plain.fields())) == JSONWriter.string(.map(run.fields())))
            #expect(plain.fieldNames() == run.fieldNames())
            for key in run.fieldNames() {
                #expect(plain.value(for: key).map { JSONWriter.string($0) } == run.value(for: key).map { JSONWriter.string($0) }, "\(key)")
            }
        }
    }
}
