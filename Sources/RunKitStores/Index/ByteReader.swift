/// Reads what `ByteWriter` wrote, from a byte buffer it does not own. Every read checks the
/// bounds and throws `ByteReader.Truncated` instead of reading past the end, so a damaged
/// index record is reported (and the run re-read from its store), never trusted.
///
/// ```swift
/// try bytes.withUnsafeBytes { raw in
///     var reader = ByteReader(raw)
///     let key = try reader.string()
/// }
/// ```
struct ByteReader {
    /// A read ran past the end of the record, or met a value that cannot be.
    struct Truncated: Error {}

    private let base: UnsafeRawBufferPointer
    private var offset = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    /// True when every byte has been read.
    var isAtEnd: Bool { offset == base.count }

    mutating func byte() throws -> UInt8 {
        guard offset < base.count else { throw Truncated() }
        defer { offset += 1 }
        return base[offset]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Truncated() }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    /// A count or length, bounded by the bytes left so a damaged record cannot ask for more.
    mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(base.count - offset) else { throw Truncated() }
        return Int(value)
    }

    mutating func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func double() throws -> Double {
        guard base.count - offset >= 8 else { throw Truncated() }
        var bits: UInt64 = 0
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: base[offset..<offset + 8])) }
        offset += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + length]), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? {
        try byte() == 0 ? nil : try string()
    }

    mutating func optionalSigned() throws -> Int64? {
        try byte() == 0 ? nil : try signed()
    }
}
