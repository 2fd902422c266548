import Foundation
import OrderedCollections
import Yams
import RunKitModel
import RunKitSupport

/// Reads YAML into `ConfigValue` (Yams' `Node` is not Sendable, so nothing of Yams
/// crosses this boundary). Scalars are typed as PyYAML/OmegaConf type them:
/// `1` int, `1e-3` and `0.5` doubles, `.nan`/`.inf` doubles, `true`/`false` (and YAML 1.1's
/// `yes`/`no`/`on`/`off`) bools, `null`/`~` null.
///
/// ```swift
/// try YAMLReader.parse("model:\n  type: mlp\n  lr: 1e-3\n")   // ["model": ["type": "mlp", "lr": 0.001]]
/// ```
package enum YAMLReader {
    /// Parses one YAML document; an empty document is an empty map.
    /// Errors are `malformedFile` sentences naming `file` and the line. The document is held to
    /// `YAMLLimits` (nesting depth, alias expansion).
    package static func parse(_ text: String, file: String = "<yaml>") throws -> ConfigValue {
        if let fast = OmegaConfYAML.parse(text) { return fast }
        return try parseWithYams(text, file: file)
    }

    /// Parses with Yams only (the reference the fast path is checked against).
    package static func parseWithYams(_ text: String, file: String = "<yaml>") throws -> ConfigValue {
        do {
            guard let node = try YAMLLimits.compose(text, file: file) else { return .map([:]) }
            return convert(node)
        } catch let error as YamlError {
            throw RunKitError(.malformedFile, "\(file) is not valid YAML: \(describe(error)).", path: file)
        } catch let error as RunKitError {
            throw error
        } catch {
            throw RunKitError(.malformedFile, "\(file) is not valid YAML: \(error).", path: file)
        }
    }

    /// Reads and parses a YAML file.
    package static func read(_ path: String) throws -> ConfigValue {
        try parse(try FileReading.string(path), file: path)
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let where_ = "line \(mark.line), column \(mark.column)"
            return "\(problem)\(context.map { " " + $0.text } ?? "") at \(where_)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    static func convert(_ node: Node) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar.string, tag: node.tag, style: scalar.style)
        case .sequence(let sequence):
            return .list(sequence.map(convert))
        case .mapping(let mapping):
            var map = OrderedDictionary<String, ConfigValue>()
            for (key, value) in mapping {
                let keyText: String
                if case .scalar(let scalar) = key { keyText = scalar.string } else { keyText = JSONWriter.string(convert(key)) }
                map[keyText] = convert(value)
            }
            return .map(map)
        case .alias(let alias):
            return .string(alias.anchor.rawValue)
        }
    }

    private static func scalarValue(_ text: String, tag: Tag, style: Node.Scalar.Style) -> ConfigValue {
        if style != .plain || tag.description == Tag.Name.str.rawValue { return .string(text) }
        return typedPlainScalar(text) ?? .string(text)
    }

    /// Types a plain scalar as PyYAML with OmegaConf's float resolver does.
    package static func typedPlainScalar(_ text: String) -> ConfigValue? {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        default: break
        }
        guard let first = text.utf8.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        if isDecimalInteger(cleaned), let i = Int(cleaned) { return .int(i) }
        if cleaned.hasPrefix("0x") || cleaned.hasPrefix("-0x"), let i = Int(cleaned.replacingOccurrences(of: "0x", with: ""), radix: 16) { return .int(i) }
        if isFloatLiteral(cleaned), let d = Double(cleaned) { return .double(d) }
        return nil
    }

    private static func isDecimalInteger(_ text: String) -> Bool {
        var digits = text[...]
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// OmegaConf's float pattern: `[-+]?(digits.digits?|.digits)([eE][-+]?digits)?` or `digits[eE][-+]?digits`.
    private static func isFloatLiteral(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        var mantissa = chars
        var exponent: Substring?
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            var exp = chars[chars.index(after: e)...]
            if exp.first == "-" || exp.first == "+" { exp = exp.dropFirst() }
            exponent = exp
            guard !exp.isEmpty, exp.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        if parts.count == 1 { return exponent != nil && !parts[0].isEmpty }
        return !(parts[0].isEmpty && parts[1].isEmpty)
    }
}
