import RunKitModel

/// The runs a store gave, in its natural order, and the warnings met on the way.
public struct LoadResult: Sendable {
    public var runs: [Run]
    public var warnings: [LoadWarning]
    /// The condition the store applied for `LoadOptions.bound` in its own terms (SQL), for
    /// `RUNKIT_QUERY_TIMINGS`; nil when it applied none.
    package var pushed: String?
    /// The fraction of a sample of the selected runs inside `LoadOptions.bound`, when the store
    /// estimated it; at or above `LoadOptions.pushdownThreshold` nothing was pushed (`pushed` is nil).
    package var keptInSample: Double?
    /// Whether the store read only `LoadOptions.projection` of each run (a store that cannot read
    /// part of a run reads it whole and leaves this false).
    package var projected = false

    public init(runs: [Run], warnings: [LoadWarning] = []) {
        self.runs = runs
        self.warnings = warnings
    }

    /// True when damaged data was skipped (a warning of kind `.damage`); notes about what the
    /// writing tool leaves out by design do not count.
    ///
    /// ```swift
    /// let result = try RunStore.load("logs")
    /// print(result.skippedDamage)   // false: MLXP's never-started jobs are only notes
    /// ```
    public var skippedDamage: Bool { warnings.contains(where: \.isDamage) }
}
