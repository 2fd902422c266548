import OrderedCollections

/// A config's identity for `runkit log merge` and `resplit`: its grid values *as values*, read
/// from the cell text as malet reads it (pandas' typing, then `str2value`), so `(64, 64)` and
/// `[64, 64]`, `1` and `1.0`, an empty cell and an absent column, and maps in any key order are
/// one config. Fields with a null value are left out, so a grid field added later does not split
/// the old rows from their configs.
///
/// ```swift
/// LogRowKey.of([("layers", "(64, 64)"), ("lr", "0.1")]) == LogRowKey.of([("lr", "0.1"), ("layers", "[64, 64]")])  // true
/// ```
enum LogRowKey {
    static func of(_ cells: some Sequence<(String, String)>) -> String {
        var parts: [(String, ConfigValue)] = []
        for (field, text) in cells {
            let value = canonical(value(ofCell: text))
            if !value.isNull { parts.append((field, value)) }
        }
        parts.sort { $0.0 < $1.0 }
        return JSONWriter.string(.map(OrderedDictionary(parts, uniquingKeysWith: { first, _ in first })))
    }

    static func of(_ point: GridPoint) -> String {
        of(point.values.map { ($0.key, SweepCell.grid($0.value)) })
    }

    /// The value malet reads from one cell (NaN and NA strings are null).
    static func value(ofCell text: String) -> ConfigValue {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            MaletColumnType.infer(CollectionOfOne(buffer)).value(of: buffer).value
        }
    }

    /// Integral doubles as ints, NaN as null, maps with sorted keys: one form per Python-equal value.
    static func canonical(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .double(let number) where number.isNaN: return .null
        case .double(let number) where number.rounded() == number && abs(number) < 9.0e15: return .int(Int(number))
        case .list(let items): return .list(items.map(canonical))
        case .map(let map):
            return .map(OrderedDictionary(uniqueKeysWithValues: map.map { ($0.key, canonical($0.value)) }.sorted { $0.0 < $1.0 }))
        default: return value
        }
    }
}
