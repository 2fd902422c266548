#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals that stop work gracefully instead of ending the process: while `run` runs its body,
/// the first of `signals` to arrive cancels the body's task (a sweep then stops its commands,
/// records them F and releases their claims), and `run` returns what the body returned with the
/// signal. Later signals of the set are absorbed until `run` returns; then their default
/// actions are back.
///
/// ```swift
/// let (summary, signal) = try await StopSignals([SIGINT, SIGTERM]).run {
///     try await Sweep(grid: grid, options: options).run(command: ["python", "train.py"])
/// }
/// if signal != nil { print("interrupted:", summary.interrupted) }   // true
/// ```
///
/// The signal handler only writes the signal's number into a pipe (all a handler may safely
/// do); a child task reads the pipe and cancels. No flag is shared.
public struct StopSignals: Sendable {
    public let signals: [Int32]

    public init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
    }

    /// Runs `body`; the first of `signals` to arrive cancels it. Returns the body's value and the
    /// signal that cancelled it, if one did.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> (value: T, signal: Int32?) {
        Self.drain()
        for number in signals {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(StopSignals.channel.write, &byte, 1)
            }
        }
        // A parent (Foundation's `Process`) may have started this process with them blocked.
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        defer { for number in signals { signal(number, SIG_DFL) } }

        // Each child ends with (the body's value, nil) or (nil, the signal that arrived).
        return try await withThrowingTaskGroup(of: (T?, Int32?).self) { group in
            group.addTask { (try await body(), nil) }
            group.addTask { (nil, await Self.next()) }
            var received: Int32?
            while let (value, signal) = try await group.next() {
                if let value {
                    group.cancelAll()   // the pipe's reader
                    return (value, received)
                }
                if let signal {
                    received = signal
                    group.cancelAll()   // the body: it stops gracefully and returns
                }
            }
            preconditionFailure("the body's task always ends with a value or an error")
        }
    }

    /// The pipe the handler writes signal numbers into (non-blocking, closed in child processes).
    private static let channel: (read: Int32, write: Int32) = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (-1, -1) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }()

    /// The next signal number written into the pipe, or nil when the task is cancelled first.
    private static func next() async -> Int32? {
        while !Task.isCancelled {
            var byte: UInt8 = 0
            if read(channel.read, &byte, 1) == 1 { return Int32(byte) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Drops signal numbers left from an earlier `run`.
    private static func drain() {
        var byte: UInt8 = 0
        while read(channel.read, &byte, 1) == 1 {}
    }
}
