import OrderedCollections
@testable import RunKit

/// The malet corpus answers (`Tests/Fixtures/malet/expected/logs.json`), decoded: `{"$float": "NaN"}`
/// becomes a double, `{"$tuple": [...]}` a list marked as a tuple, and each `corrections` entry's
/// `intended` value replaces what malet gave.
enum MaletExpected {
    /// One case of logs.json: one `.tsv` file.
    struct Case {
        var file: String
        var staticConfigs: ConfigValue
        var gridFields: [String]
        var metricFields: [String]
        /// Per row, per column: the intended value and whether it is a tuple.
        var rows: [OrderedDictionary<String, (value: ConfigValue, isTuple: Bool)>]
        var corrections: Int
    }

    static func cases() throws -> [Case] {
        let json = try Fixtures.expected("malet", "logs.json")
        return (json["cases"]?.listValue ?? []).map { record in
            var rows = (record["rows"]?.listValue ?? []).map { row in
                var decoded = OrderedDictionary<String, (value: ConfigValue, isTuple: Bool)>()
                for (key, value) in row.mapValue ?? [:] { decoded[key] = decode(value) }
                return decoded
            }
            let corrections = record["corrections"]?.listValue ?? []
            for correction in corrections {
                let row = correction["row"]!.intValue!, field = correction["field"]!.stringValue!
                rows[row][field] = decode(correction["intended"]!)
            }
            return Case(file: record["file"]!.stringValue!, staticConfigs: decode(record["static_configs"]!).value,
                        gridFields: (record["grid_fields"]?.listValue ?? []).compactMap(\.stringValue),
                        metricFields: (record["metric_fields"]?.listValue ?? []).compactMap(\.stringValue),
                        rows: rows, corrections: corrections.count)
        }
    }

    /// A JSON value with the corpus conventions undone.
    static func decode(_ value: ConfigValue) -> (value: ConfigValue, isTuple: Bool) {
        switch value {
        case .map(let map) where map.count == 1 && map["$float"] != nil:
            switch map["$float"]!.stringValue {
            case "Infinity": return (.double(.infinity), false)
            case "-Infinity": return (.double(-.infinity), false)
            default: return (.double(.nan), false)
            }
        case .map(let map) where map.count == 1 && map["$tuple"] != nil:
            return (.list((map["$tuple"]!.listValue ?? []).map { decode($0).value }), true)
        case .map(let map):
            return (.map(map.mapValues { decode($0).value }), false)
        case .list(let items):
            return (.list(items.map { decode($0).value }), false)
        default:
            return (value, false)
        }
    }

    /// Equal in type and value: an int is not a double, NaN equals NaN, maps compare in order.
    static func identical(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return (x.isNaN && y.isNaN) || x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(identical)
        case (.map(let x), .map(let y)):
            return x.keys.elementsEqual(y.keys) && zip(x.values, y.values).allSatisfy(identical)
        default: return false
        }
    }
}
