import ArgumentParser
import Foundation
import RunKit
import RunKitServer

/// `runkit serve`: the live dashboard over one or more stores (docs/serve.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live dashboard and JSON API over one or more stores (read-only).",
        discussion: """
        The first line printed is the page's URL. Stores are loaded once, kept in memory and read again when \
        their files change. Binding another address than 127.0.0.1 needs the token printed in the URL on every request.
        e.g. runkit serve mlflow.db logs/ --port 8765
        """)

    @Argument(help: "Stores, as every command takes them (default: MLFLOW_TRACKING_URI, else ./mlruns or ./mlflow.db).",
              completion: .file())
    var stores: [String] = []

    @Option(name: .long, help: "The address to bind (default: 127.0.0.1, this machine only).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port (0: any free one).")
    var port = 8765

    @Option(name: .long, help: "The token every request must carry (default: a new random one when --host is not a loopback address).")
    var token: String?

    @Option(name: .long, help: "Seconds between two reads of a remote store (an MLflow tracking server or PostgreSQL), which has no files to watch.")
    var remoteEvery: Double = 5

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        guard remoteEvery > 0, remoteEvery.isFinite else { throw ValidationError("--remote-every must be a number of seconds above 0, not \(remoteEvery).") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty.") }
    }

    func run() async throws {
        let dashboard = try Dashboard(locations: stores.isEmpty ? [nil] : stores, remoteEvery: .milliseconds(Int64(remoteEvery * 1000)))
        for store in dashboard.stores {
            for warning in store.warnings { Terminal.report(warning) }
        }
        let token = self.token ?? (DashboardServer.isLoopback(host) ? nil : DashboardServer.newToken())
        let server = DashboardServer(dashboard: dashboard, host: host, port: port, token: token)
        // An address with credentials is shown with its password masked, as the API names it.
        let summary = dashboard.stores.map { store in
            "\(store.name) (\(store.reader.kind.rawValue), \(store.runs.count) runs)"
        }.joined(separator: ", ")
        do {
            try await server.run { url in
                Terminal.write(url + "\n")
                Terminal.note("serving \(summary); Ctrl-C stops")
            }
        } catch let error as RunKitError {
            throw error
        } catch {
            let reason = "\(error)".contains("Address already in use")
                ? "the port is already in use (another server?); choose another --port, or --port 0 for any free one"
                : "\(error)"
            throw RunKitError(.invalidArgument, "Cannot serve on \(host):\(port): \(reason).")
        }
    }
}
