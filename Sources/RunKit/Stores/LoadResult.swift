/// The runs a store gave, in its natural order, and the warnings met on the way.
public struct LoadResult: Sendable {
    public var runs: [Run]
    public var warnings: [LoadWarning]

    public init(runs: [Run], warnings: [LoadWarning] = []) {
        self.runs = runs
        self.warnings = warnings
    }
}
