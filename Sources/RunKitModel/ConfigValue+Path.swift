import OrderedCollections

extension ConfigValue {
    /// Splits a dotted key into path components: `a.b.0` and `a.b[0]` both give `["a", "b", "0"]`.
    static func pathComponents(_ key: String) -> [String] {
        var components: [String] = []
        var current = ""
        for character in key {
            switch character {
            case ".":
                components.append(current); current = ""
            case "[":
                if !current.isEmpty { components.append(current) }
                current = ""
            case "]":
                components.append(current); current = ""
            default:
                current.append(character)
            }
        }
        if !current.isEmpty || key.last == "." { components.append(current) }
        return components.filter { !$0.isEmpty }
    }

    /// Looks a dotted path up in the tree: `model.hidden_size`, `data.augment.0`,
    /// `data.augment[0]`; `__` works as `.` (`model__hidden_size`).
    /// A map key that itself holds dots (`"model.type"`) is found too.
    /// Returns nil when the path does not exist (a stored `null` is `.null`, not nil).
    ///
    /// ```swift
    /// let c: ConfigValue = ["data": ["augment": ["flip", "crop"]]]
    /// c.value(at: "data.augment.1")  // .string("crop")
    /// ```
    public func value(at key: String) -> ConfigValue? {
        if key.isEmpty { return self }
        if let found = lookup(Self.pathComponents(key)[...]) { return found }
        if key.contains("__") {
            return lookup(Self.pathComponents(key.replacingOccurrences(of: "__", with: "."))[...])
        }
        return nil
    }

    /// Looks up a path already split into components (`pathComponents`), without the `__` retry.
    func value(atPath components: [String]) -> ConfigValue? {
        lookup(components[...])
    }

    /// `config["model.type"]` is `value(at: "model.type")`.
    public subscript(key: String) -> ConfigValue? { value(at: key) }

    private func lookup(_ components: ArraySlice<String>) -> ConfigValue? {
        guard let first = components.first else { return self }
        switch self {
        case .map(let map):
            // Reading the values' count first lets its cache miss overlap the key search's.
            guard !map.values.isEmpty else { return nil }
            // Shortest prefix first; a key holding dots is found by a longer prefix.
            var prefix = first
            var index = components.startIndex
            while true {
                if let child = map[prefix], let found = child.lookup(components[(index + 1)...]) {
                    return found
                }
                index += 1
                if index >= components.endIndex { return nil }
                prefix += "." + components[index]
            }
        case .list(let list):
            guard let position = Int(first) else { return nil }
            let resolved = position < 0 ? list.count + position : position
            guard list.indices.contains(resolved) else { return nil }
            return list[resolved].lookup(components.dropFirst())
        default:
            return nil
        }
    }

    /// The tree flattened to dotted keys in order; lists and empty maps stay values.
    ///
    /// ```swift
    /// let c: ConfigValue = ["model": ["type": "mlp"], "seed": 1]
    /// c.flattened()  // ["model.type": "mlp", "seed": 1]
    /// ```
    public func flattened(prefix: String = "") -> OrderedDictionary<String, ConfigValue> {
        var result = OrderedDictionary<String, ConfigValue>()
        flatten(into: &result, prefix: prefix)
        return result
    }

    private func flatten(into result: inout OrderedDictionary<String, ConfigValue>, prefix: String) {
        if case .map(let map) = self, !map.isEmpty {
            for (key, value) in map {
                value.flatten(into: &result, prefix: prefix.isEmpty ? key : prefix + "." + key)
            }
        } else if !prefix.isEmpty {
            result[prefix] = self
        }
    }

    /// Builds a nested map from dotted keys (the inverse of `flattened`).
    public static func unflattened<S: Sequence>(_ entries: S) -> ConfigValue where S.Element == (String, ConfigValue) {
        var root = ConfigValue.map([:])
        for (key, value) in entries {
            root.insert(value, at: key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...])
        }
        return root
    }

    private mutating func insert(_ value: ConfigValue, at path: ArraySlice<String>) {
        guard let head = path.first else { self = value; return }
        var map = mapValue ?? [:]
        var child = map[head] ?? .map([:])
        if path.count > 1, child.mapValue == nil { child = .map([:]) }
        child.insert(value, at: path.dropFirst())
        map[head] = child
        self = .map(map)
    }
}
