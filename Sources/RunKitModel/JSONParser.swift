import OrderedCollections
import RunKitSupport

/// Parses JSON text into a `ConfigValue`, keeping key order and telling ints
/// (`5`) from doubles (`5.0`, `1e-05`). Also accepts the bare `NaN`, `Infinity`,
/// `-Infinity` that Python's `json` writes.
///
/// ```swift
/// try JSONParser.parse(#"{"a": [1, 2.5, null]}"#)   // ["a": [1, 2.5, nil]]
/// ```
package struct JSONParser {
    private let bytes: [UInt8]
    private let start: Int
    private let end: Int
    private var position: Int
    private var depth = 0

    /// The deepest nesting read (the top-level value is at depth 1).
    static let maximumDepth = ConfigValue.maximumDepth

    private init(_ bytes: [UInt8], _ range: Range<Int>) {
        self.bytes = bytes
        start = range.lowerBound
        end = range.upperBound
        position = range.lowerBound
    }

    /// Parses one JSON document; throws `malformedFile` with the byte offset of the problem.
    package static func parse(_ text: some StringProtocol) throws -> ConfigValue {
        let bytes = Array(text.utf8)
        return try parse(bytes, in: 0..<bytes.count)
    }

    /// Parses the JSON document in `range` of `bytes` without copying it (one line of a JSON-lines
    /// file); error offsets count from the range's start.
    static func parse(_ bytes: [UInt8], in range: Range<Int>) throws -> ConfigValue {
        var parser = JSONParser(bytes, range)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.end else { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ what: String) -> RunKitError {
        RunKitError(.malformedFile, "invalid JSON at offset \(position - start): \(what)")
    }

    private mutating func skipWhitespace() {
        while position < end, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private mutating func consume(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard position + utf8.count <= end, Array(bytes[position..<position + utf8.count]) == utf8 else { return false }
        position += utf8.count
        return true
    }

    private mutating func parseValue() throws -> ConfigValue {
        guard position < end else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): if consume("true") { return .bool(true) }
        case UInt8(ascii: "f"): if consume("false") { return .bool(false) }
        case UInt8(ascii: "n"): if consume("null") { return .null }
        case UInt8(ascii: "N"): if consume("NaN") { return .double(.nan) }
        case UInt8(ascii: "I"): if consume("Infinity") { return .double(.infinity) }
        default: return try parseNumber()
        }
        throw error("unknown literal")
    }

    /// Counts one more level of nesting for the rest of the current value.
    private mutating func enterNesting() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func parseObject() throws -> ConfigValue {
        var map = OrderedDictionary<String, ConfigValue>()
        try parseMembers { key, value in map[key] = value }
        return .map(map)
    }

    /// Parses an object at `position`, handing each member to `body` in text order.
    private mutating func parseMembers(_ body: (String, ConfigValue) -> Void) throws {
        try enterNesting()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            body(key, try parseValue())
            skipWhitespace()
            guard position < end else { throw error("unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return }
            throw error("expected ',' or '}'")
        }
    }

    /// Reads the members of the JSON object in `range` of `bytes` into `members` (emptied first,
    /// its storage reused), in text order, without building a map — one line of a JSON-lines file.
    /// Returns false when the document is valid JSON but not an object.
    package static func members(_ bytes: [UInt8], in range: Range<Int>, into members: inout [(key: String, value: ConfigValue)]) throws -> Bool {
        members.removeAll(keepingCapacity: true)
        var parser = JSONParser(bytes, range)
        parser.skipWhitespace()
        guard parser.position < parser.end, bytes[parser.position] == UInt8(ascii: "{") else {
            _ = try parse(bytes, in: range)
            return false
        }
        var positions: [String: Int] = [:]   // key → index in members, built once a line has many keys
        try parser.parseMembers { key, value in
            // A repeated key: the last one wins, as in Python's json.
            if members.count >= 16 && positions.isEmpty {
                for (index, member) in members.enumerated() { positions[member.key] = index }
            }
            let existing = positions.isEmpty ? members.firstIndex(where: { $0.key == key }) : positions[key]
            if let index = existing {
                members[index].value = value
            } else {
                if !positions.isEmpty { positions[key] = members.count }
                members.append((key, value))
            }
        }
        parser.skipWhitespace()
        guard parser.position == parser.end else { throw parser.error("unexpected text after the value") }
        return true
    }

    private mutating func parseArray() throws -> ConfigValue {
        try enterNesting()
        defer { depth -= 1 }
        position += 1
        var list: [ConfigValue] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") { position += 1; return .list(list) }
        while true {
            skipWhitespace()
            list.append(try parseValue())
            skipWhitespace()
            guard position < end else { throw error("unexpected end of input") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .list(list) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws -> String {
        position += 1
        // Fast path: no escape before the closing quote.
        var scan = position
        while scan < end {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[position..<scan], as: UTF8.self)
                position = scan + 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            scan += 1
        }
        var scalars = String.UnicodeScalarView()
        var start = position
        var buffer: [UInt8] = []
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                buffer += bytes[start..<position]
                position += 1
                scalars.append(contentsOf: String(decoding: buffer, as: UTF8.self).unicodeScalars)
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                buffer += bytes[start..<position]
                scalars.append(contentsOf: String(decoding: buffer, as: UTF8.self).unicodeScalars)
                buffer.removeAll()
                position += 1
                guard position < end else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code), consume("\\u") {
                        let low = try parseHex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
                start = position
                continue
            }
            position += 1
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= end, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        position += 4
        return code
    }

    private mutating func parseNumber() throws -> ConfigValue {
        let start = position
        if position < end, bytes[position] == UInt8(ascii: "-") {
            position += 1
            if consume("Infinity") { return .double(-.infinity) }
        }
        var isInteger = true
        while position < end {
            let byte = bytes[position]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isInteger = false
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        if let d = Double(text), !text.isEmpty { return .double(d) }
        position = start
        throw error("invalid number")
    }
}
