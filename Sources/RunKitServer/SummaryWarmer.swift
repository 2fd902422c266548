@_spi(RunKitInternals) import RunKitSupport

/// Runs `api.warm()` (the page's summaries after a change) on a detached task, never two at
/// once; a request while one runs runs another when it ends.
///
/// ```swift
/// let warmer = SummaryWarmer(api: api)
/// warmer.request()      // warms now, in the background
/// warmer.request()      // still warming: warms once more when that ends
/// ```
final class SummaryWarmer: Sendable {
    let api: DashboardAPI
    /// (running, requested again meanwhile)
    private let state = Locked((running: false, again: false))

    init(api: DashboardAPI) { self.api = api }

    func request() {
        let start = state.withLock { state -> Bool in
            if state.running { state.again = true; return false }
            state.running = true
            return true
        }
        if start { Task.detached { self.run() } }
    }

    private func run() {
        while true {
            api.warm()
            let again = state.withLock { state -> Bool in
                if state.again { state.again = false; return true }
                state.running = false
                return false
            }
            if !again { return }
        }
    }
}
