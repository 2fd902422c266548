/// Index rows read in a batch into one buffer (unit, fingerprint and record of each row side
/// by side), so that reading 100,000 rows costs a few allocations instead of 300,000.
///
/// ```swift
/// try index.forEachBatch { batch in
///     for row in 0..<batch.count { batch.withRecord(row) { bytes in … } }
/// }
/// ```
struct IndexRowBatch: Sendable {
    /// The rows' bytes, one after the other.
    private(set) var storage: [UInt8] = []
    /// Per row: where its unit, fingerprint and record start, and where the record ends.
    private var bounds: [(unit: Int, fingerprint: Int, record: Int, end: Int)] = []

    var count: Int { bounds.count }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
    }

    mutating func append(unit: UnsafeRawBufferPointer, fingerprint: UnsafeRawBufferPointer, record: UnsafeRawBufferPointer) {
        let start = storage.count
        storage.append(contentsOf: unit)
        storage.append(contentsOf: fingerprint)
        storage.append(contentsOf: record)
        bounds.append((start, start + unit.count, start + unit.count + fingerprint.count, storage.count))
    }

    func unit(_ row: Int) -> String {
        storage.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[bounds[row].unit..<bounds[row].fingerprint]), as: UTF8.self) }
    }

    func withFingerprint<T>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[bounds[row].fingerprint..<bounds[row].record])) }
    }

    func withRecord<T>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[bounds[row].record..<bounds[row].end])) }
    }
}
