import Foundation

/// Decodes a `Decodable` type straight from a `ConfigValue` tree, with what `JSONDecoder` (default
/// strategies) accepts and the errors it throws for the tree's JSON text, without writing that text.
///
/// ```swift
/// struct Config: Decodable { var seed: Int; var lr: Double? }
/// let config = try ConfigValueDecoder(["seed": 1, "lr": 0.1]).decode(Config.self)
/// ```
///
/// Numbers convert when the value fits exactly (`3` as `Double`, `1.0` as `Int`); `Date` is seconds
/// since 2001, `Data` Base64 text, `URL` a string, `Decimal` any number. Two differences from
/// `JSONDecoder`, both where the JSON text lost the value: NaN and ±infinity decode as a `Double`
/// (JSON had the strings `"NaN"`, …), and a number that does not fit names its key
/// (`'epochs': 1.5 does not fit in Int`, where `JSONDecoder` said "The given data was not valid JSON").
struct ConfigValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: ConfigValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: ConfigValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let map) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(ConfigValueKeyedContainer<Key>(map: map, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = value else { throw mismatch([Any].self) }
        return ConfigValueUnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Single value

    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(type) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(type) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: throw mismatch(type)
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let number = try decode(Double.self)
        let narrowed = Float(number)
        guard narrowed.isFinite || !number.isFinite else { throw notFitting(type) }
        return narrowed
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if value.isNull, T.self == URL.self || T.self == Data.self || T.self == Decimal.self { throw mismatch(type) }
        if T.self == URL.self { return try url() as! T }
        if T.self == Data.self { return try base64Data() as! T }
        if T.self == Decimal.self { return try decimal() as! T }
        return try T(from: self)
    }

    // MARK: Conversions

    /// An integer from an int, or from a double with no fraction (JSON's `1.0`, `1e3`), when it fits.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let fitting: T?
        switch value {
        case .int(let number): fitting = T(exactly: number)
        case .double(let number): fitting = T(exactly: number)
        default: throw mismatch(type)
        }
        guard let fitting else { throw notFitting(type) }
        return fitting
    }

    private func url() throws -> URL {
        guard let url = URL(string: try decode(String.self)) else {
            throw DecodingError.dataCorrupted(context("Invalid URL string."))
        }
        return url
    }

    private func base64Data() throws -> Data {
        guard let data = Data(base64Encoded: try decode(String.self)) else {
            throw DecodingError.dataCorrupted(context("Encountered Data is not valid Base64."))
        }
        return data
    }

    private func decimal() throws -> Decimal {
        switch value {
        case .int(let number): return Decimal(number)
        case .double(let number) where number.isFinite: return Decimal(string: number.description) ?? Decimal(number)
        default: throw mismatch(Decimal.self)
        }
    }

    // MARK: Errors

    private func context(_ description: String) -> DecodingError.Context {
        DecodingError.Context(codingPath: codingPath, debugDescription: description)
    }

    /// `valueNotFound` for a null, else `typeMismatch`, as `JSONDecoder` tells them apart.
    private func mismatch(_ type: Any.Type) -> DecodingError {
        if value.isNull { return .valueNotFound(type, context("Expected \(type) value but found null instead.")) }
        return .typeMismatch(type, context("Expected to decode \(type) but found \(value) instead."))
    }

    private func notFitting(_ type: Any.Type) -> DecodingError {
        .dataCorrupted(context("\(value) does not fit in \(type)"))
    }
}
