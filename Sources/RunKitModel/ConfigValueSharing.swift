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
        case .map, .list: return state.withLock { Self.share(value, in: &$0).value }
        default: return value
        }
    }

    /// Strings up to 15 UTF-8 bytes live inside the value itself (no storage to share).
    private static let inlineStringBytes = 15

    /// `value` with its parts shared, and its exact hash. One walk: each node's hash is made from
    /// its children's, so no subtree is hashed twice, and a map or list equal to one in the table
    /// is found by comparing it with that one (its fresh copy is dropped).
    private static func share(_ value: ConfigValue, in state: inout State) -> (value: ConfigValue, hash: UInt64) {
        switch value {
        case .null: return (value, 1)
        case .bool(let b): return (value, combine(2, b ? 1 : 0))
        case .int(let i): return (value, combine(3, UInt64(bitPattern: Int64(i))))
        case .double(let d): return (value, combine(4, d.bitPattern))
        case .string(let text):
            let hash = combine(5, Self.hash(text))
            guard text.utf8.count > inlineStringBytes else { return (value, hash) }
            return (.string(state.strings.insert(text).memberAfterInsert), hash)
        case .list(let items):
            var hash = combine(6, UInt64(items.count))
            var shared = ContiguousArray<ConfigValue>()
            shared.reserveCapacity(items.count)
            for item in items {
                let (item, itemHash) = share(item, in: &state)
                shared.append(item)
                hash = combine(hash, itemHash)
            }
            return (canonical(value, hash: hash, in: &state) { _ in .list(Array(shared)) }, hash)
        case .map(let entries):
            var hash = combine(7, UInt64(entries.count))
            var shared = ContiguousArray<ConfigValue>()
            shared.reserveCapacity(entries.count)
            for (key, item) in entries {
                let (item, itemHash) = share(item, in: &state)
                shared.append(item)
                hash = combine(combine(hash, Self.hash(key)), itemHash)
            }
            return (canonical(value, hash: hash, in: &state) { state in
                let keys = state.keyLists.insert(ContiguousArray(entries.keys.elements)).memberAfterInsert
                return .map(OrderedDictionary(uncheckedUniqueKeys: keys, values: shared))
            }, hash)
        }
    }

    /// The table's node equal to `value`, else `make()`'s (its parts shared), now in the table.
    private static func canonical(_ value: ConfigValue, hash: UInt64, in state: inout State,
                                  make: (inout State) -> ConfigValue) -> ConfigValue {
        if let found = state.nodes.firstIndex(of: ExactValue(value, hash: hash)) { return state.nodes[found].value }
        let made = ExactValue(make(&state), hash: hash)
        state.nodes.insert(made)
        return made.value
    }

    /// A string's hash from its UTF-8 bytes read eight at a time (a byte loop over `utf8` cost
    /// as much as the rest of the sharing).
    private static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var hash = UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                hash = combine(hash, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<raw.count { tail |= UInt64(raw[index]) << (8 * UInt64(index - offset)) }
            return combine(hash, tail)
        }
    }

    private static func combine(_ seed: UInt64, _ value: UInt64) -> UInt64 {
        seed ^ (value &+ 0x9e37_79b9_7f4a_7c15 &+ (seed << 6) &+ (seed >> 2))
    }

    /// A config value compared exactly: the same case, key order, strings and double bits (so
    /// `10` and `10.0`, `0.0` and `-0.0` differ, and a NaN equals a NaN with its bits), with its
    /// hash made by `share` (each node's from its children's).
    private struct ExactValue: Hashable {
        let value: ConfigValue
        let hash: UInt64

        init(_ value: ConfigValue, hash: UInt64) {
            self.value = value
            self.hash = hash
        }

        static func == (lhs: ExactValue, rhs: ExactValue) -> Bool {
            lhs.hash == rhs.hash && same(lhs.value, rhs.value)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash)
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
    }
}
