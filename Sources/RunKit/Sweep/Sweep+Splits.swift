import Foundation

extension Sweep {
    /// The number of splits N of a sweep folder's `log_splits/`, even when the last splits'
    /// files do not exist yet: the count recorded by `runkit sweep --split` and `runkit log
    /// resplit`, else the smallest N that puts every row of every `split_<i>.tsv` at its grid
    /// position *k* with `k % N == i` (and is at least the highest split index + 1). Nil when
    /// the folder has no split files.
    ///
    /// ```swift
    /// Sweep.splitCount(in: "exp_splits", grid: try Grid.load("exp_splits/exp_config.yaml"))  // 3
    /// ```
    public static func splitCount(in folder: String, grid: Grid?) -> Int? {
        if let recorded = LogResplit.recordedCount(in: folder), recorded >= 1 { return recorded }
        let files = LogMerge.splitFiles(in: folder)
        guard let last = files.last else { return nil }
        let lower = max(files.count, last.index + 1)
        guard let grid, grid.points.count > lower else { return lower }
        var positions: [String: Int] = [:]
        for (index, point) in grid.points.enumerated() where positions[LogRowKey.of(point)] == nil {
            positions[LogRowKey.of(point)] = index
        }
        var placed: [(position: Int, split: Int)] = []
        for file in files {
            guard let log = try? ExperimentLogFile.read(file.path) else { continue }
            for row in log.rows {
                if let position = positions[LogRowKey.of(zip(log.gridFields, row).map { ($0, $1) })] {
                    placed.append((position, file.index))
                }
            }
        }
        for count in lower...grid.points.count where placed.allSatisfy({ $0.position % count == $0.split }) {
            return count
        }
        return lower
    }
}
