/// Appends values to a byte buffer in the index's record format: LEB128 varints, zigzag for
/// signed ints, little-endian doubles, length-prefixed UTF-8 strings. `ByteReader` reads them back.
///
/// ```swift
/// var writer = ByteWriter()
/// writer.write("loss"); writer.write(0.25 as Double); writer.writeSigned(-3)
/// let bytes = writer.bytes
/// ```
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1_024) { bytes.reserveCapacity(capacity) }

    mutating func write(_ byte: UInt8) { bytes.append(byte) }

    /// An unsigned LEB128 varint.
    mutating func write(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func write(count: Int) { write(UInt64(count)) }

    /// A signed int, zigzag-encoded so small negatives stay short.
    mutating func writeSigned(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The double's IEEE bits, NaN payloads included.
    mutating func write(_ value: Double) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            write(count: utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// An optional string: a presence byte, then the string.
    mutating func write(_ text: String?) {
        guard let text else { return write(UInt8(0)) }
        write(UInt8(1))
        write(text)
    }

    /// An optional int: a presence byte, then the zigzag varint.
    mutating func write(_ value: Int64?) {
        guard let value else { return write(UInt8(0)) }
        write(UInt8(1))
        writeSigned(value)
    }
}
