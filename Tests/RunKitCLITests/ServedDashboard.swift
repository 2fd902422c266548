import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RunKitServer

/// A `runkit serve` server started in-process on a free port, and a client for it.
struct ServedDashboard {
    let base: String
    let task: Task<Void, any Error>
    let token: String?

    /// Loads `locations` and serves them on 127.0.0.1 (or `host`), polling every 100 ms (a remote
    /// store: every `remoteEvery`).
    static func start(_ locations: [String], host: String = "127.0.0.1", token: String? = nil,
                      remoteEvery: Duration = ServedStore.defaultRemoteEvery) async throws -> ServedDashboard {
        let dashboard = try Dashboard(locations: locations, remoteEvery: remoteEvery)
        let server = DashboardServer(dashboard: dashboard, host: host, port: 0, token: token, pollInterval: .milliseconds(100))
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let task = Task { try await server.run(handlingSignals: false) { url in continuation.yield(url) } }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next() else { throw CocoaError(.fileReadUnknown) }
        let base = String(url.prefix { $0 != "?" }.dropLast())   // http://127.0.0.1:PORT
        return ServedDashboard(base: base, task: task, token: token)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// `GET path` (with its query), the status and body.
    func get(_ path: String, method: String = "GET", headers: [String: String] = [:]) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    /// `GET path` parsed as JSON.
    func json(_ path: String) async throws -> (status: Int, value: Any) {
        let (status, body) = try await get(path)
        return (status, try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]))
    }

    /// A query-string value, percent-encoded.
    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// The CLI's stdout for `arguments`, parsed as JSON.
    static func cliJSON(_ arguments: [String]) throws -> Any {
        let result = try CLI.run(arguments)
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    /// True when two parsed JSON values are equal (written again with sorted keys, compared).
    static func same(_ a: Any, _ b: Any) -> Bool {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        return (try? JSONSerialization.data(withJSONObject: a, options: options)) == (try? JSONSerialization.data(withJSONObject: b, options: options))
    }
}
