import OrderedCollections
@_spi(RunKitInternals) import RunKitSupport

/// `FieldSummary.summarize` kept across changes to a list of runs, for a process that keeps runs
/// in memory and re-reads only those that change (`runkit serve`): the runs are tallied in
/// chunks, and a chunk whose runs are the same `Run` objects in the same order as a chunk of the
/// last list is not tallied again. A step logged to one run of 100,000 re-tallies one chunk
/// (`chunkSize` runs); a run added re-tallies none but its own. The summaries equal
/// `FieldSummary.summarize` of the whole list, order included.
///
/// ```swift
/// var tallies = FieldTallies().updated(for: runs)       // tallies every run
/// tallies = tallies.updated(for: runsWithOneReread)     // tallies one chunk again
/// let fields = FieldTallies.summaries(of: [tallies])    // == FieldSummary.summarize(runsWithOneReread)
/// ```
public struct FieldTallies: Sendable {
    /// How many runs a chunk holds at most (also `FieldSummary.summarize`'s chunk size).
    public static let chunkSize = 2_048

    /// Consecutive runs and their tally. The runs are held (not only their identities), so an
    /// identity cannot be reused by a new run while the chunk is kept.
    struct Chunk: Sendable {
        var runs: [Run]
        var tally: OrderedDictionary<String, FieldSummary>
    }

    private(set) var chunks: [Chunk] = []

    /// No runs tallied yet.
    public init() {}

    /// How many runs were tallied again by the last `updated(for:)` (all of them the first time).
    public private(set) var retallied = 0

    /// These tallies brought up to `runs`: each chunk of the last list found again whole, at any
    /// position, is kept; the runs in between are tallied again (on all cores), in chunks of at
    /// most `chunkSize`. When small chunks have piled up (runs added one at a time), everything
    /// is tallied again in full chunks.
    public func updated(for runs: [Run]) -> FieldTallies {
        var byFirst: [ObjectIdentifier: Int] = [:]
        for (index, chunk) in chunks.enumerated() { byFirst[ObjectIdentifier(chunk.runs[0])] = index }
        enum Piece { case kept(Chunk), fresh(Range<Int>) }
        var pieces: [Piece] = []
        var pendingStart = 0, position = 0
        func flush() {
            if pendingStart < position { pieces.append(.fresh(pendingStart..<position)) }
        }
        while position < runs.count {
            if let index = byFirst[ObjectIdentifier(runs[position])] {
                let old = chunks[index].runs
                if old.count <= runs.count - position, zip(old, runs[position...]).allSatisfy({ $0 === $1 }) {
                    flush()
                    pieces.append(.kept(chunks[index]))
                    position += old.count
                    pendingStart = position
                    continue
                }
            }
            position += 1
            if position - pendingStart == Self.chunkSize { flush(); pendingStart = position }
        }
        flush()
        if pieces.count > 2 * (runs.count / Self.chunkSize) + 16 { return FieldTallies().updated(for: runs) }
        let fresh = pieces.compactMap { piece -> Range<Int>? in
            if case .fresh(let range) = piece { return range }
            return nil
        }
        let tallied = ParallelSlots.map(fresh.count) { FieldSummary.tally(runs[fresh[$0]]) }
        var result = FieldTallies()
        var next = 0
        for piece in pieces {
            switch piece {
            case .kept(let chunk): result.chunks.append(chunk)
            case .fresh(let range):
                result.chunks.append(Chunk(runs: Array(runs[range]), tally: tallied[next]))
                next += 1
            }
        }
        result.retallied = fresh.reduce(0) { $0 + $1.count }
        return result
    }

    /// The fields of the runs of `tallies`, one list after the other: `FieldSummary.summarize`
    /// of their runs concatenated.
    public static func summaries(of tallies: [FieldTallies]) -> [FieldSummary] {
        FieldSummary.merged(tallies.flatMap { $0.chunks.map(\.tally) })
    }
}
