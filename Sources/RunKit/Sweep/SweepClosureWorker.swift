import Foundation

/// Runs one config as a Swift closure (`Sweep.run(_:)`), on a thread of its own: a config's
/// closure is long synchronous work (training), and holding one of the concurrency pool's few
/// threads for it would starve the heartbeat and the other workers. Cancelling the task sets
/// `SweepContext.isCancelled`; the closure decides when to return.
///
/// ```swift
/// let outcome = try await SweepClosureWorker(body: { _ in ["acc": 0.9] }).run(job)
/// ```
struct SweepClosureWorker: Sendable {
    let body: @Sendable (SweepContext) throws -> [String: ConfigValue]

    func run(_ job: SweepJob) async throws -> SweepJob.Outcome {
        let context = SweepContext(point: job.point, runDirectory: job.runDirectory, metricsPath: job.metricsPath,
                                   previousMetrics: job.reportedMetrics())
        let body = body
        let metrics = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try body(context) }) }.start()
            }
        } onCancel: {
            context.cancel()
        }
        if !metrics.isEmpty { try context.record(metrics) }
        return SweepJob.Outcome(succeeded: true, note: nil)
    }
}
