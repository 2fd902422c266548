import RunKit
@_spi(RunKitInternals) import RunKitSupport

/// The runs a command loaded, kept referenced until the process exits: releasing 10⁵ runs and
/// their histories one by one when a command ends costs more than the kernel reclaiming the heap
/// at exit. `RunKitCLI.main` binds one for the command's whole life and calls `exit` inside that
/// scope: nothing outlives the command, and nothing is released before the process ends.
///
/// ```swift
/// KeptRuns.$current.withValue(KeptRuns()) { runCommand(); exit(0) }
/// KeptRuns.current?.keep(result.runs)   // in StoreOptions.load
/// ```
final class KeptRuns: Sendable {
    @TaskLocal static var current: KeptRuns?

    private let runs = Locked<[[Run]]>([])

    /// Keeps `runs` referenced until the process exits.
    func keep(_ runs: [Run]) {
        self.runs.withLock { $0.append(runs) }
    }
}
