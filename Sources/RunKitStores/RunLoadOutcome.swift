import RunKitModel

/// What loading one run gave: the run (nil when it was skipped or not selected) and the
/// problems met on the way. Every store's per-run loader returns one.
struct RunLoadOutcome: Sendable {
    var run: Run?
    var warnings: [LoadWarning] = []
}
