import Foundation
import Hummingbird
import Logging
import RunKit

/// `runkit serve`'s server: the dashboard's page and API over HTTP/1.1, and a watcher that
/// re-reads a changed store (`Dashboard.refresh()`) every `pollInterval`, or slower when looking
/// at a store's files takes long (at most a tenth of the time is spent looking).
///
/// ```swift
/// let server = DashboardServer(dashboard: try Dashboard(locations: ["project"]), port: 0)
/// try await server.run { url in print(url) }      // until cancelled, SIGINT or SIGTERM
/// ```
public struct DashboardServer: Sendable {
    public var dashboard: Dashboard
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Required on every request when set (`DashboardServer.newToken()`).
    public var token: String?
    public var pollInterval: Duration

    public init(dashboard: Dashboard, host: String = "127.0.0.1", port: Int = 8765, token: String? = nil,
                pollInterval: Duration = .milliseconds(500)) {
        self.dashboard = dashboard
        self.host = host
        self.port = port
        self.token = token
        self.pollInterval = pollInterval
    }

    /// True for the addresses only this machine reaches (no token needed there).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// 32 random hexadecimal digits.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &generator)) }.joined()
    }

    /// The page's URL once bound to `port`, with the token when there is one.
    public func url(port: Int) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)/" + (token.map { "?token=\($0)" } ?? "")
    }

    /// Serves until the task is cancelled or the process gets SIGINT or SIGTERM; `onReady` gets
    /// the URL once the port is bound.
    public func run(handlingSignals: Bool = true, onReady: @escaping @Sendable (String) async -> Void) async throws {
        let api = DashboardAPI(dashboard: dashboard)
        let responder = DashboardResponder(api: api, token: token)
        var logger = Logger(label: "runkit-serve")
        logger.logLevel = .critical   // cancelling a server logs its closing channels as errors
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(host, port: port), serverName: "runkit"),
            onServerRunning: { channel in await onReady(url(port: channel.localAddress?.port ?? port)) },
            logger: logger)
        let dashboard = self.dashboard
        let interval = pollInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : []) }
            group.addTask { try await Self.watch(dashboard, every: interval, warming: api) }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Polls the stores until cancelled; a poll whose look at the stores (signatures, inotify
    /// queues, walks of file stores; not the stamps and re-reads of a store that changed) took `t`
    /// waits at least `9t` before the next, so watching idle stores takes at most a tenth of a core. After the first load and after a change, `api.warm()` computes the page's
    /// summaries on its own task, one at a time (a change meanwhile warms again when it ends), so
    /// polling never waits for them: at 100,000 runs they take seconds.
    static func watch(_ dashboard: Dashboard, every interval: Duration, warming api: DashboardAPI) async throws {
        let warmer = SummaryWarmer(api: api)
        warmer.request()
        while !Task.isCancelled {
            let (changed, looked) = await Task.detached { dashboard.refreshTimed() }.value
            if changed { warmer.request() }
            try await Task.sleep(for: max(interval, looked * 9))
        }
    }
}
