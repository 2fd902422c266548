/// Writes Apache Thrift's compact protocol, the encoding of Parquet's page headers and file
/// metadata: structs as field headers (id delta and type in one byte) with zigzag varint ints,
/// length-prefixed binaries, lists with their size and element type.
///
/// ```swift
/// var thrift = ThriftCompactWriter()
/// thrift.field(1, i32: 1)
/// thrift.field(4, string: "loss")
/// thrift.stop()
/// thrift.bytes   // [0x15, 0x02, 0x38, 0x04, 0x6C, 0x6F, 0x73, 0x73, 0x00]
/// ```
struct ThriftCompactWriter {
    /// The compact protocol's type codes.
    enum Kind: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private(set) var bytes: [UInt8] = []
    /// The last field id written in each open struct (the innermost last).
    private var lastField: [Int16] = [0]

    mutating func field(_ id: Int16, i32 value: Int32) { header(id, .i32); varint(zigzag(Int64(value))) }
    mutating func field(_ id: Int16, i64 value: Int64) { header(id, .i64); varint(zigzag(value)) }
    mutating func field(_ id: Int16, bool value: Bool) { header(id, value ? .boolTrue : .boolFalse) }
    mutating func field(_ id: Int16, string value: String) { header(id, .binary); binary(Array(value.utf8)) }

    /// A struct field: `body` writes its fields (the stop byte is added).
    mutating func field(_ id: Int16, structure body: (inout ThriftCompactWriter) -> Void) {
        header(id, .structure)
        structure(body)
    }

    /// A list field of `count` elements of `kind`; `body` writes the elements (`element…`).
    mutating func field(_ id: Int16, list kind: Kind, count: Int, _ body: (inout ThriftCompactWriter) -> Void) {
        header(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | kind.rawValue)
        } else {
            bytes.append(0xF0 | kind.rawValue)
            varint(UInt64(count))
        }
        body(&self)
    }

    /// A struct as a list element or a field's value: its fields, then the stop byte.
    mutating func structure(_ body: (inout ThriftCompactWriter) -> Void) {
        lastField.append(0)
        body(&self)
        stop()
        lastField.removeLast()
    }

    mutating func element(i32 value: Int32) { varint(zigzag(Int64(value))) }
    mutating func element(string value: String) { binary(Array(value.utf8)) }

    /// The end of the outermost struct (the inner ones end in `structure`).
    mutating func stop() { bytes.append(0) }

    private mutating func header(_ id: Int16, _ kind: Kind) {
        let delta = Int(id) - Int(lastField[lastField.count - 1])
        if delta > 0, delta <= 15 {
            bytes.append(UInt8(delta) << 4 | kind.rawValue)
        } else {
            bytes.append(kind.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastField[lastField.count - 1] = id
    }

    private mutating func binary(_ data: [UInt8]) {
        varint(UInt64(data.count))
        bytes += data
    }

    private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    /// An unsigned LEB128 varint.
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
