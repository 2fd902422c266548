import OrderedCollections
import Yams

extension Grid {
    /// Reads a malet grid YAML file (`exp_config.yaml`).
    public static func load(_ path: String) throws -> Grid {
        guard let bytes = try PosixFileSystem.bytes(path) else {
            throw RunKitError(.unreadableFile, "\(path) does not exist.", path: path)
        }
        return try malet(yaml: String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Expands a malet grid YAML as malet's `ConfigIter` means to (the corpus' intended answers):
    ///
    /// - every top-level key but `grid` is static (nested maps allowed, anywhere in the file);
    /// - `grid` is a dict, or a list of dicts whose expansions are chained; each field's list is
    ///   producted in field order, the first slowest; a scalar where a list belongs is one value;
    /// - `group` (a dict, or a list of dicts) zips its members: member element *j* of every
    ///   member goes together (an element that is a list gives several values); groups are
    ///   producted, and each group combination is an outer loop around the other fields;
    /// - `[EXPR;start:step:stop--…]` is expanded first, in the text, as malet does;
    /// - fields are the grid keys in order of first appearance, group members at the group's place.
    ///
    /// Errors name the file, line and field: a field both static and in the grid, group members of
    /// unequal lengths, a grid-list entry without a field another entry has, a bad comprehension.
    ///
    /// ```swift
    /// let grid = try Grid.malet(yaml: "model: mlp\ngrid:\n  lr: [0.1, 0.01]\n  seed: 3\n")
    /// grid.points.map { $0.values["lr"] }   // [0.1, 0.01]
    /// ```
    public static func malet(yaml text: String, file: String = "<grid>") throws -> Grid {
        let expanded = try MaletComprehension.expand(text, file: file)
        func failure(_ node: Node?, _ message: String) -> RunKitError {
            RunKitError(.malformedFile, "\(file), line \(node?.mark?.line ?? 1): \(message).", path: file)
        }
        var statics = OrderedDictionary<String, ConfigValue>()
        var gridNode: Node?
        switch try MaletYAML.compose(expanded, file: file) {
        case nil: break
        case .mapping(let mapping)?:
            for (key, value) in mapping {
                let name = key.string ?? JSONWriter.string(MaletYAML.convert(key))
                if name == "grid" { gridNode = value } else { statics[name] = MaletYAML.convert(value) }
            }
        case let other?:
            throw failure(other, "a grid file is a mapping of static keys and `grid`, not a list or a single value")
        }

        var entries: [MaletGridEntry] = []
        switch gridNode {
        case nil:
            entries = [MaletGridEntry()]
        case .scalar(let scalar)? where MaletYAML.convert(.scalar(scalar)).isNull:
            entries = [MaletGridEntry()]
        case .mapping(let mapping)?:
            entries = [try MaletGridEntry(mapping, file: file)]
        case .sequence(let sequence)?:
            for item in sequence {
                guard case .mapping(let mapping) = item else { throw failure(item, "each entry of the `grid` list must be a mapping of fields") }
                entries.append(try MaletGridEntry(mapping, file: file))
            }
        case let other?:
            throw failure(other, "`grid` must be a mapping of fields or a list of such mappings")
        }

        var fields: [String] = []
        for entry in entries {
            for field in entry.fieldOrder where !fields.contains(field.name) {
                if statics[field.name] != nil {
                    throw failure(field.node, "the field \(field.name) is both static and in the grid")
                }
                fields.append(field.name)
            }
        }
        var points: [GridPoint] = []
        for entry in entries {
            if let missing = fields.first(where: { field in !entry.fieldOrder.contains { $0.name == field } }) {
                throw failure(entry.node, "this grid entry has no field \(missing), which another entry of the grid has (every entry must give every field)")
            }
            for combination in entry.expand(fields: fields) {
                var config = statics
                for (field, value) in combination { config[field] = value }
                let configValue = ConfigValue.map(config)
                let overrides = configValue.flattened().map { $0.key + "=" + HydraElement(configValue: $0.value).rendered }
                points.append(GridPoint(values: combination, overrides: overrides, config: configValue))
            }
        }
        return Grid(source: .maletYAML(file: file), statics: statics, fields: fields, points: points)
    }
}

/// One dict of a malet `grid`: its plain fields and its groups.
struct MaletGridEntry {
    struct Field {
        var name: String
        var node: Node?
        /// The values (plain field) or, for a group member, one list of values per element.
        var values: [ConfigValue]
        var elements: [[ConfigValue]]?
    }

    var node: Node?
    var fieldOrder: [Field] = []
    /// Each group: its members (fields with `elements`).
    var groups: [[Field]] = []

    init() {}

    init(_ mapping: Node.Mapping, file: String) throws {
        node = mapping.first?.key ?? .mapping(mapping)
        func failure(_ node: Node?, _ message: String) -> RunKitError {
            RunKitError(.malformedFile, "\(file), line \(node?.mark?.line ?? 1): \(message).", path: file)
        }
        func add(_ field: Field) throws {
            if fieldOrder.contains(where: { $0.name == field.name }) {
                throw failure(field.node, "the grid field \(field.name) is given twice")
            }
            fieldOrder.append(field)
        }
        for (key, value) in mapping {
            let name = key.string ?? JSONWriter.string(MaletYAML.convert(key))
            guard name == "group" else {
                try add(Field(name: name, node: key, values: Self.list(value)))
                continue
            }
            var groupNodes: [Node.Mapping] = []
            switch value {
            case .mapping(let group): groupNodes = [group]
            case .sequence(let sequence):
                for item in sequence {
                    guard case .mapping(let group) = item else { throw failure(item, "each entry of a `group` list must be a mapping of fields") }
                    groupNodes.append(group)
                }
            default: throw failure(value, "`group` must be a mapping of fields or a list of such mappings")
            }
            for group in groupNodes {
                var members: [Field] = []
                for (memberKey, memberValue) in group {
                    let memberName = memberKey.string ?? JSONWriter.string(MaletYAML.convert(memberKey))
                    let elements = Self.list(memberValue).map { element in element.listValue ?? [element] }
                    if let first = members.first, first.elements?.count != elements.count {
                        throw failure(memberKey, "the grouped fields must have the same length, but \(first.name) has \(first.elements?.count ?? 0) elements and \(memberName) has \(elements.count)")
                    }
                    let member = Field(name: memberName, node: memberKey, values: [], elements: elements)
                    members.append(member)
                    try add(member)
                }
                groups.append(members)
            }
        }
    }

    /// A sequence's items, or a scalar as a one-element list.
    private static func list(_ node: Node) -> [ConfigValue] {
        let value = MaletYAML.convert(node)
        if case .sequence = node, let items = value.listValue { return items }
        return [value]
    }

    /// Every combination: group elements outermost (the first group slowest), then the fields'
    /// values producted in `fields` order, the first slowest.
    func expand(fields: [String]) -> [OrderedDictionary<String, ConfigValue>] {
        let byName = Dictionary(fieldOrder.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [OrderedDictionary<String, ConfigValue>] = []
        for choice in Self.product(groups.map { Array(0..<($0.first?.elements?.count ?? 0)) }) {
            var memberValues: [String: [ConfigValue]] = [:]
            for (group, index) in zip(groups, choice) {
                for member in group { memberValues[member.name] = member.elements?[index] ?? [] }
            }
            let columns = fields.map { memberValues[$0] ?? byName[$0]?.values ?? [] }
            for indices in Self.product(columns.map { Array($0.indices) }) {
                var combination = OrderedDictionary<String, ConfigValue>(minimumCapacity: fields.count)
                for (position, index) in indices.enumerated() { combination[fields[position]] = columns[position][index] }
                result.append(combination)
            }
        }
        return result
    }

    /// The Cartesian product of index lists, the last varying fastest; one empty tuple for none.
    static func product(_ lists: [[Int]]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for list in lists {
            result = result.flatMap { prefix in list.map { prefix + [$0] } }
        }
        return result
    }
}
