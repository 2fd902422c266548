/// A 64-bit digest of a record's bytes, the same in every process (unlike `Hasher`), so a
/// refresh can tell which of 100,000 re-read runs changed without keeping the old records.
///
/// ```swift
/// let changed = RecordDigest.of(newRecord) != storedDigest
/// ```
enum RecordDigest {
    static func of(_ bytes: [UInt8]) -> Int64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* 0x100_0000_01B3
                offset += 1
            }
            hash ^= hash >> 29
            return Int64(bitPattern: hash &* 0xC4CE_B9FE_1A85_EC53)
        }
    }
}
