import Dispatch

/// Maps `0..<count` across all cores with `DispatchQueue.concurrentPerform`, each iteration
/// writing only its own preallocated slot, so no lock is taken; results come back in index order.
enum ParallelSlots {
    static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
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

    /// The buffer handed to the parallel iterations; each writes a distinct index.
    private struct SlotBuffer<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T?>
        init(_ buffer: UnsafeMutableBufferPointer<T?>) { self.buffer = buffer }
    }
}
