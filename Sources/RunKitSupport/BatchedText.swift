/// Renders a long sequence of items to UTF-8 text in parallel batches and hands the batches
/// out in order, so a 100,000-run listing uses every core and never holds the whole text.
///
/// ```swift
/// BatchedText.render(runs, emit: { Terminal.write($0) }) { run, bytes in
///     JSONWriter.write(run.record(), into: &bytes)
///     bytes.append(UInt8(ascii: "\n"))
/// }
/// ```
package enum BatchedText {
    /// Renders `items` with `render` (which appends one item's UTF-8 text) in batches of
    /// `batchSize`, several batches at a time across the cores, calling `emit` with each batch's
    /// bytes in order.
    package static func render<Item: Sendable>(_ items: [Item], batchSize: Int = 512,
                                              emit: ([UInt8]) -> Void,
                                              _ render: @escaping @Sendable (Item, inout [UInt8]) -> Void) {
        let size = max(1, batchSize)
        let batches = stride(from: 0, to: items.count, by: size).map { $0..<min($0 + size, items.count) }
        let wave = 8   // batches rendered at once: enough to keep the cores busy, little memory held
        var capacity = 0   // the largest batch so far: later batches start with room for as much
        for first in stride(from: 0, to: batches.count, by: wave) {
            let group = Array(batches[first..<min(first + wave, batches.count)])
            let reserved = capacity
            let texts = ParallelSlots.map(group.count) { index in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(reserved)
                for item in items[group[index]] { render(item, &bytes) }
                return bytes
            }
            capacity = texts.map(\.count).max() ?? capacity
            texts.forEach(emit)
        }
    }
}
