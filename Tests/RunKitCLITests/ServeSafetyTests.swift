import Foundation
import Testing
import RunKitServer

/// `runkit serve` is safe by default: a token when one is set, no path out of a run's artifacts.
@Suite("serve: token and path escapes")
struct ServeSafetyTests {
    @Test("with a token every request needs it: 403 without or with a wrong one")
    func token() async throws {
        let server = try await ServedDashboard.start([CLI.fixtures + "/hydraflow-sqlite"], token: "s3cret")
        #expect(try await server.get("/api/version").status == 403)
        #expect(try await server.get("/").status == 403)
        #expect(try await server.get("/api/version?token=wrong").status == 403)
        #expect(try await server.get("/api/version", headers: ["Authorization": "Bearer wrong"]).status == 403)
        #expect(try await server.get("/api/version?token=s3cret").status == 200)
        #expect(try await server.get("/?token=s3cret").status == 200)
        #expect(try await server.get("/api/runs?limit=1", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        await server.stop()
    }

    @Test("the CLI asks for a token off loopback and prints it in the URL")
    func tokenInURL() throws {
        #expect(DashboardServer.isLoopback("127.0.0.1"))
        #expect(!DashboardServer.isLoopback("0.0.0.0"))
        let token = DashboardServer.newToken()
        #expect(token.count == 32)
        let server = DashboardServer(dashboard: try Dashboard(locations: [CLI.fixtures + "/mlxp-logs"]), host: "0.0.0.0", port: 9, token: token)
        #expect(server.url(port: 9) == "http://0.0.0.0:9/?token=\(token)")
    }

    @Test("artifacts: listed and served inside the run's folder; .., absolute paths and links out are refused")
    func artifactEscapes() async throws {
        let folder = try CLI.temporaryFolder("serve-artifacts")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/mlruns"
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: store)
        let run = store + "/438572781195232465/0419cbcc97574ecd8a802d4adda19b52"
        try FileManager.default.createDirectory(atPath: run + "/artifacts/sub", withIntermediateDirectories: true)
        try "hello\n".write(toFile: run + "/artifacts/sub/note.txt", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: folder + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: run + "/artifacts/out.txt", withDestinationPath: folder + "/secret.txt")
        let server = try await ServedDashboard.start([store])
        let base = "/api/runs/0419cbcc97574ecd8a802d4adda19b52/artifacts"
        let listing = try #require(try await server.json(base).value as? [String: Any])
        let paths = (listing["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains("sub/note.txt"))
        let note = try await server.get(base + "/sub/note.txt")
        #expect(note.status == 200 && String(decoding: note.body, as: UTF8.self) == "hello\n")
        for escape in ["/%2e%2e/meta.yaml", "/sub/%2e%2e/%2e%2e/meta.yaml", "/%2Fetc%2Fpasswd", "/out.txt", "//etc/passwd"] {
            let answer = try await server.get(base + escape)
            #expect(answer.status == 403, "\(escape): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
            #expect(!String(decoding: answer.body, as: UTF8.self).contains("secret\n"))
        }
        #expect(try await server.get(base + "/missing.txt").status == 404)
        await server.stop()
    }
}
