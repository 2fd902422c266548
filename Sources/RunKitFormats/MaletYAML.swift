import Foundation
import OrderedCollections
import Yams
import RunKitModel
import RunKitSupport

/// YAML as malet reads it: PyYAML's `safe_load`, whose YAML 1.1 rules differ from OmegaConf's
/// (`YAMLReader`). A malet log's `[Static Configs]` header is `yaml.dump` of what `safe_load`
/// gave, so its plain scalars mean what PyYAML resolves them to:
///
/// - `5e-4`, `1e-8`, `1.0e5` are **strings** (a PyYAML float needs a dot and a signed exponent),
///   `1.0e-4`, `.5`, `1.`, `.inf`, `.nan` are floats;
/// - `010` is octal 8, `0x1F` hex, `0b101` binary, `1_000` is 1000, `1:30` is 90 (base 60);
/// - `yes/no/on/off/true/false` (three casings) are bools, `~`, `null` and an empty value null;
/// - timestamps (`2024-01-31`) stay strings (`ConfigValue` has no date), as do quoted scalars.
///
/// ```swift
/// try MaletYAML.parse("eps: 1e-8\nlr: 1.0e-4\nuse_amp: on\ntag: 010\n")
/// // ["eps": "1e-8", "lr": 0.0001, "use_amp": true, "tag": 8]
/// ```
package enum MaletYAML {
    /// Parses one YAML document; an empty document is an empty map. Errors are `malformedFile`
    /// sentences naming `file` and the line (counted from `firstLine`, the document's first line in the file).
    package static func parse(_ text: String, file: String = "<yaml>", firstLine: Int = 1) throws -> ConfigValue {
        guard let node = try compose(text, file: file, firstLine: firstLine) else { return .map([:]) }
        return convert(node)
    }

    /// The YAML node tree (nil for an empty document), scalars tagged by PyYAML's rules; nodes
    /// keep their lines (`Node.mark`) for errors that name them. Held to `YAMLLimits`.
    package static func compose(_ text: String, file: String, firstLine: Int = 1) throws -> Node? {
        do {
            return try YAMLLimits.compose(text, resolver: resolver, file: file)
        } catch let error as YamlError {
            var line = firstLine
            var problem = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            switch error {
            case .scanner(_, let what, let mark, _), .parser(_, let what, let mark, _):
                line = firstLine + mark.line - 1
                problem = what
            default: break
            }
            throw RunKitError(.malformedFile, "\(file), line \(line): the YAML is not valid (\(problem)).", path: file)
        }
    }

    /// PyYAML's implicit resolvers (`yaml/resolver.py`), which tag each plain scalar.
    private static let resolver: Resolver = {
        // swiftlint:disable force_try
        let rules: [Resolver.Rule] = [
            try! .init(.bool, "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
            try! .init(.float, #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#),
            try! .init(.int, "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
            try! .init(.null, "^(?:~|null|Null|NULL|)$"),
            try! .init(.timestamp, Resolver.Rule.timestamp.pattern),
        ]
        // swiftlint:enable force_try
        return rules.reduce(Resolver.basic) { $0.appending($1) }
    }()

    package static func convert(_ node: Node) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return construct(scalar.string, tag: Tag.Name(rawValue: node.tag.description))
        case .sequence(let sequence):
            return .list(sequence.map(convert))
        case .mapping(let mapping):
            var map = OrderedDictionary<String, ConfigValue>()
            for (key, value) in mapping {
                map[key.string ?? JSONWriter.string(convert(key))] = convert(value)
            }
            return .map(map)
        case .alias(let alias):
            return .string(alias.anchor.rawValue)
        }
    }

    /// PyYAML's `SafeConstructor` for a scalar of a resolved tag.
    static func construct(_ text: String, tag: Tag.Name) -> ConfigValue {
        switch tag {
        case .null: return .null
        case .bool: return .bool(["yes", "true", "on"].contains(text.lowercased()))
        case .int: return int(text).map(ConfigValue.int) ?? .double(base60(text) ?? .nan)
        case .float: return .double(float(text) ?? .nan)
        default: return .string(text)
        }
    }

    /// `construct_yaml_int`: `_` dropped, `0b`/`0x`/leading `0` (octal) prefixes, `a:b:c` in base 60.
    private static func int(_ text: String) -> Int? {
        var digits = text.replacingOccurrences(of: "_", with: "")
        var sign = 1
        if digits.hasPrefix("-") { sign = -1 }
        if digits.hasPrefix("-") || digits.hasPrefix("+") { digits.removeFirst() }
        let value: Int?
        if digits == "0" { value = 0 }
        else if digits.hasPrefix("0b") { value = Int(digits.dropFirst(2), radix: 2) }
        else if digits.hasPrefix("0x") { value = Int(digits.dropFirst(2), radix: 16) }
        else if digits.hasPrefix("0") { value = Int(digits.dropFirst(), radix: 8) }
        else if digits.contains(":") { value = base60(digits).flatMap { Int(exactly: $0) } }
        else { value = Int(digits) }
        return value.map { $0 * sign }
    }

    /// `construct_yaml_float`: `_` dropped, `.inf`/`.nan`, `a:b:c.d` in base 60.
    private static func float(_ text: String) -> Double? {
        var digits = text.replacingOccurrences(of: "_", with: "").lowercased()
        var sign = 1.0
        if digits.hasPrefix("-") { sign = -1 }
        if digits.hasPrefix("-") || digits.hasPrefix("+") { digits.removeFirst() }
        if digits == ".inf" { return sign * .infinity }
        if digits == ".nan" { return .nan }
        if digits.contains(":") { return base60(digits).map { sign * $0 } }
        // Python's float() takes `1.` and `.5`, as strtod does.
        return Double(digits).map { sign * $0 }
    }

    /// `a:b:c` → `((a * 60) + b) * 60 + c`, each part a number.
    private static func base60(_ text: String) -> Double? {
        var result = 0.0
        for part in text.split(separator: ":") {
            guard let value = Double(part) else { return nil }
            result = result * 60 + value
        }
        return result
    }
}
