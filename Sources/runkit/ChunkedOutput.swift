/// Builds output in a buffer and writes it to stdout in chunks of about 1 MB, so a large
/// listing neither waits for the last row nor holds the whole text in memory.
struct ChunkedOutput {
    var buffer = ""

    mutating func append(_ text: String) { buffer += text }

    mutating func flushIfLarge() {
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        Terminal.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
