/// FNV-1a, 64 bits: a hash that is the same in every process and Swift version (unlike
/// `hashValue`), for names and identities written to disk (sweep run ids, index file names).
///
/// ```swift
/// var hash = FNV1a()
/// hash.add("/data/mlruns".utf8)
/// hash.hex   // 16 lowercase hex digits
/// ```
package struct FNV1a {
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// The hash as 16 lowercase hex digits, zero-padded.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
