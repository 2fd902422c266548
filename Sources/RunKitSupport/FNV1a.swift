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
        // Contiguous bytes (arrays, their slices, UTF-8 views) hashed through a buffer pointer:
        // iterating a generic sequence byte by byte costs ~10× more (a cache file of megabytes).
        let start = value
        if let hashed = bytes.withContiguousStorageIfAvailable({ Self.hash($0, from: start) }) {
            value = hashed
            return
        }
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    private static func hash(_ buffer: UnsafeBufferPointer<UInt8>, from start: UInt64) -> UInt64 {
        var value = start
        for byte in buffer { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }

    /// The hash as 16 lowercase hex digits, zero-padded.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
