import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `runkit serve` as a user runs it: the real binary, its first line the URL, SIGTERM stops it.
@Suite("serve: the command")
struct ServeCLITests {
    /// Starts `runkit serve ARGS…`, returns the process and its first line of stdout.
    static func start(_ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["serve"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        return (process, String(decoding: line, as: UTF8.self))
    }

    static func status(_ url: String) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(for: URLRequest(url: URL(string: url)!))
        return (response as! HTTPURLResponse).statusCode
    }

    @Test("the first line is the URL; off loopback it holds a token every request needs; SIGTERM exits 0")
    func firstLineAndToken() async throws {
        let store = CLI.fixtures + "/mlxp-logs"
        let (local, url) = try Self.start([store, "--port", "0"])
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/"), "\(url)")
        #expect(try await Self.status(url + "api/version") == 200)
        local.terminate()
        local.waitUntilExit()
        #expect(local.terminationStatus == 0)

        let (open, tokenURL) = try Self.start([store, "--host", "0.0.0.0", "--port", "0"])
        defer { open.terminate(); open.waitUntilExit() }
        let parts = tokenURL.split(separator: "?", maxSplits: 1).map(String.init)
        #expect(parts.count == 2 && parts[1].hasPrefix("token=") && parts[1].count == 6 + 32, "\(tokenURL)")
        let base = parts[0].replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        #expect(try await Self.status(base + "api/version") == 403)
        #expect(try await Self.status(base + "api/version?" + parts[1]) == 200)
    }

    /// What `start` starts, started from a thread of its own with SIGTERM and SIGINT blocked (a
    /// child inherits its thread's signal mask through fork and exec).
    static func startBlocked(_ start: @escaping @Sendable () throws -> Process) throws -> Process {
        final class Started: @unchecked Sendable { var result: Result<Process, Error>? }
        let started = Started()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGTERM)
            sigaddset(&set, SIGINT)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            started.result = Result { try start() }
            done.signal()
        }
        thread.start()
        done.wait()
        return try started.result!.get()
    }

    /// Runs `body` on a thread of its own and waits for it without holding one of Swift's
    /// cooperative threads: on 2 cores there are 2, and two tests blocking them in waits for
    /// processes stalled the whole suite (and their own time limits) in CI.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Sends SIGTERM; whether `process` ended within 10 s (if not, it is killed).
    static func endsOnSIGTERM(_ process: Process) -> Bool {
        process.terminate()
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        let stopped = !process.isRunning
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return stopped
    }

    @Test("started with SIGTERM blocked (a parent thread's signal mask passes through fork and exec), SIGTERM still stops it",
          .timeLimit(.minutes(5)))
    func blockedSignalsInherited() async throws {
        let (stopped, status) = try await Self.onOwnThread {
            let process = try Self.startBlocked {
                let (process, url) = try Self.start([CLI.fixtures + "/mlxp-logs", "--port", "0"])
                guard url.hasPrefix("http://127.0.0.1:") else { throw CocoaError(.fileReadUnknown) }
                return process
            }
            return (Self.endsOnSIGTERM(process), process.terminationStatus)
        }
        #expect(stopped, "runkit serve was still running 10 s after SIGTERM")
        #expect(status == 0)
    }

    @Test("any command started with SIGTERM blocked still ends on SIGTERM: `list` of a server that never answers",
          .timeLimit(.minutes(5)))
    func blockedSignalsList() async throws {
        // A server that accepts connections (the backlog) and never answers.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound && listen(listener, 16) == 0)
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        let (running, stopped, bySignal) = try await Self.onOwnThread {
            let process = try Self.startBlocked {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["list", url, "--no-cache"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            Thread.sleep(forTimeInterval: 1)
            let running = process.isRunning
            return (running, Self.endsOnSIGTERM(process), process.terminationReason == .uncaughtSignal)
        }
        #expect(running, "runkit list ended before it was stopped")
        #expect(stopped, "runkit list was still running 10 s after SIGTERM")
        #expect(bySignal)
    }

    @Test("a port in use is one sentence and exit status 1")
    func portInUse() throws {
        let (first, url) = try Self.start([CLI.fixtures + "/mlxp-logs", "--port", "0"])
        defer { first.terminate(); first.waitUntilExit() }
        let port = String(url.dropFirst("http://127.0.0.1:".count).dropLast())
        let second = try CLI.run(["serve", CLI.fixtures + "/mlxp-logs", "--port", port])
        #expect(second.status == 1)
        #expect(second.stderr.contains("runkit: error: Cannot serve on 127.0.0.1:\(port): the port is already in use"), "\(second.stderr)")
    }

    @Test("--remote-every takes seconds above 0: anything else is one sentence and exit status 1 (docs/cli.md)")
    func remoteEveryChecked() throws {
        for bad in ["0", "-1", "inf"] {
            let result = try CLI.run(["serve", CLI.fixtures + "/mlxp-logs", "--port", "0", "--remote-every=" + bad])
            #expect(result.status == 1, "\(bad): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("--remote-every must be a number of seconds above 0"), "\(result.stderr)")
        }
    }
}
