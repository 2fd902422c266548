import OrderedCollections
@_spi(RunKitInternals) import RunKitSupport

/// Keeps one copy of each distinct map, list, key list and long string among the config trees
/// of one load (hash-consing): a grid's runs repeat the same subtrees (`model`, `optimizer`, …)
/// and strings, so 100,000 runs hold a few thousand subtrees instead of 100,000 of each. A tree
/// given to `share(_:)` comes back equal and in the same order, its parts now those of earlier
/// trees where they are the same. "The same" is exact — the same cases, key order, strings and
/// double bits — not `==`'s Python-like equality (`10 == 10.0`), so no value changes type.
///
/// ```swift
/// let sharing = ConfigValueSharing()
/// let a = sharing.share(["model": ["type": "mlp"], "seed": 1])
/// let b = sharing.share(["model": ["type": "mlp"], "seed": 2])
/// // a["model"] and b["model"] are one map in memory
/// ```
package final class ConfigValueSharing: Sendable {
    private let state = Locked(State())

    private struct State {
        var nodes = Set<ExactValue>()
        var keyLists = Set<ContiguousArray<String>>()
        var strings = Set<String>()
    }

    package init() {}

    /// `value`, equal and in the same order, built from the parts already shared where it has them.
    package func share(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .map, .list: return state.withLock { Self.share(value, in: &$0) }
        default: return value
        }
    }

    /// Strings up to 15 UTF-8 bytes live inside the value itself (no storage to share).
    private static let inlineStringBytes = 15

    private static func share(_ value: ConfigValue, in state: inout State) -> ConfigValue {
        switch value {
        case .string(let text) where text.utf8.count > inlineStringBytes:
            return .string(state.strings.insert(text).memberAfterInsert)
        case .list(let items):
            if let found = state.nodes.firstIndex(of: ExactValue(value)) { return state.nodes[found].value }
            let shared = ConfigValue.list(items.map { share($0, in: &state) })
            return state.nodes.insert(ExactValue(shared)).memberAfterInsert.value
        case .map(let entries):
            if let found = state.nodes.firstIndex(of: ExactValue(value)) { return state.nodes[found].value }
            let keys = state.keyLists.insert(ContiguousArray(entries.keys.elements)).memberAfterInsert
            let values = ContiguousArray(entries.values.map { share($0, in: &state) })
            let shared = ConfigValue.map(OrderedDictionary(uncheckedUniqueKeys: keys, values: values))
            return state.nodes.insert(ExactValue(shared)).memberAfterInsert.value
        default:
            return value
        }
    }

    /// A config value compared and hashed exactly: the same case, key order, strings and double
    /// bits (so `10` and `10.0`, `0.0` and `-0.0` differ, and a NaN equals a NaN with its bits).
    private struct ExactValue: Hashable {
        let value: ConfigValue

        init(_ value: ConfigValue) {
            self.value = value
        }

        static func == (lhs: ExactValue, rhs: ExactValue) -> Bool {
            same(lhs.value, rhs.value)
        }

        func hash(into hasher: inout Hasher) {
            Self.hash(value, into: &hasher)
        }

        private static func same(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y
            case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
            case (.string(let x), .string(let y)): return x == y
            case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
            case (.map(let x), .map(let y)):
                return x.count == y.count && x.keys.elementsEqual(y.keys) && zip(x.values, y.values).allSatisfy { same($0, $1) }
            default: return false
            }
        }

        private static func hash(_ value: ConfigValue, into hasher: inout Hasher) {
            switch value {
            case .null: hasher.combine(0 as UInt8)
            case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
            case .int(let i): hasher.combine(2 as UInt8); hasher.combine(i)
            case .double(let d): hasher.combine(3 as UInt8); hasher.combine(d.bitPattern)
            case .string(let s): hasher.combine(4 as UInt8); hasher.combine(s)
            case .list(let items):
                hasher.combine(5 as UInt8); hasher.combine(items.count)
                for item in items { hash(item, into: &hasher) }
            case .map(let entries):
                hasher.combine(6 as UInt8); hasher.combine(entries.count)
                for (key, item) in entries { hasher.combine(key); hash(item, into: &hasher) }
            }
        }
    }
}
