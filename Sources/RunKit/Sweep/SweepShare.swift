/// A runner's share of a grid: the configs it runs (every one, or those of its `--split`), in
/// grid order, each once, with its run id.
///
/// ```swift
/// let share = try SweepShare(grid: try Grid.hydra(["x=range(5)"]), split: (1, 2))
/// share.points.map(\.id)   // the ids of x=1 and x=3
/// ```
struct SweepShare: Sendable {
    /// The configs, in grid order, with their ids.
    let points: [(point: GridPoint, id: String)]

    init(grid: Grid, split: (index: Int, count: Int)?) throws {
        if let split, split.count < 1 || split.index < 0 || split.index >= split.count {
            throw RunKitError(.invalidArgument, "--split \(split.index)/\(split.count) is not a split: use I/N with 0 ≤ I < N.")
        }
        var share: [(GridPoint, String)] = []
        var seen = Set<String>()
        for (index, point) in grid.points.enumerated() {
            if let split, index % split.count != split.index { continue }
            let id = SweepRunID.of(point)
            // A config given twice (a grid list repeating one) runs once.
            if seen.insert(id).inserted { share.append((point, id)) }
        }
        points = share
    }
}
