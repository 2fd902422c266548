import Dispatch

/// Maps `0..<count` across all cores with `DispatchQueue.concurrentPerform`, each iteration
/// writing only its own preallocated slot, so no lock is taken; results come back in index order.
@_spi(RunKitInternals) public enum ParallelSlots {
    @inlinable
    public static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        if count == 0 { return [] }
        if count == 1 { return [transform(0)] }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        let shared = SlotBuffer(slots)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            shared.buffer[index] = transform(index)
        }
        return slots.map { $0! }
    }

    /// `positions.map { elements[elements.startIndex + $0] }`, written straight into the result
    /// by every core when there are many (each copy of a class reference is an atomic increment
    /// on an object that is rarely in cache; done once per element, not again by a join).
    ///
    /// ```swift
    /// ParallelSlots.gather(["a", "b", "c"][...], at: [2, 0])   // ["c", "a"]
    /// ```
    @inlinable
    public static func gather<T: Sendable>(_ elements: ArraySlice<T>, at positions: [Int]) -> [T] {
        let start = elements.startIndex
        let chunkSize = 16_384
        guard positions.count > chunkSize else { return positions.map { elements[start + $0] } }
        return Array(unsafeUninitializedCapacity: positions.count) { buffer, initialized in
            let shared = ElementBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: (positions.count + chunkSize - 1) / chunkSize) { chunk in
                for index in chunk * chunkSize..<min(positions.count, (chunk + 1) * chunkSize) {
                    (shared.buffer.baseAddress! + index).initialize(to: elements[start + positions[index]])
                }
            }
            initialized = positions.count
        }
    }

    /// `width` columns of `count` values: `fill(c, rows, set)` calls `set(r, value)` once for each
    /// row `r` of `rows` in column `c`. Chunks of rows are filled on every core, one column after
    /// another, straight into the results: no per-chunk arrays grown and joined afterwards (on
    /// 100,000 runs that was most of the cost of reading a field).
    ///
    /// ```swift
    /// ParallelSlots.columns(2, count: 3) { column, rows, set in for row in rows { set(row, column * 10 + row) } }
    /// // [[0, 1, 2], [10, 11, 12]]
    /// ```
    @inlinable
    public static func columns<T: Sendable>(_ width: Int, count: Int,
                                     _ fill: @Sendable (_ column: Int, _ rows: Range<Int>, _ set: (Int, T) -> Void) -> Void) -> [[T]] {
        let buffers = (0..<width).map { _ in UnsafeMutableBufferPointer<T>.allocate(capacity: count) }
        let shared = ColumnBuffers(buffers: buffers)
        let chunkSize = 8_192
        let chunks = (count + chunkSize - 1) / chunkSize
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let rows = chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)
            for column in 0..<width {
                let buffer = shared.buffers[column].baseAddress!
                var written = 0
                fill(column, rows) { row, value in
                    precondition(rows.contains(row), "a column fill wrote outside its rows")
                    (buffer + row).initialize(to: value)
                    written += 1
                }
                precondition(written == rows.count, "a column fill must set each of its rows once")
            }
        }
        return buffers.map { buffer in
            defer { buffer.deallocate() }
            return Array(unsafeUninitializedCapacity: count) { target, initialized in
                if count > 0 { target.baseAddress!.moveInitialize(from: buffer.baseAddress!, count: count) }
                initialized = count
            }
        }
    }

    /// The uninitialized columns handed to `columns`' iterations; each initializes distinct rows.
    @usableFromInline
    struct ColumnBuffers<T>: @unchecked Sendable {
        @usableFromInline let buffers: [UnsafeMutableBufferPointer<T>]
        @usableFromInline init(buffers: [UnsafeMutableBufferPointer<T>]) { self.buffers = buffers }
    }

    /// The uninitialized result handed to `gather`'s iterations; each initializes distinct indices.
    @usableFromInline
    struct ElementBuffer<T>: @unchecked Sendable {
        @usableFromInline let buffer: UnsafeMutableBufferPointer<T>
        @usableFromInline init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
    }

    /// The buffer handed to the parallel iterations; each writes a distinct index.
    @usableFromInline
    struct SlotBuffer<T>: @unchecked Sendable {
        @usableFromInline let buffer: UnsafeMutableBufferPointer<T?>
        @usableFromInline init(_ buffer: UnsafeMutableBufferPointer<T?>) { self.buffer = buffer }
    }
}
