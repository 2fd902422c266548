import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command run in its own process group (so a timeout or an interrupt stops it and
/// everything it started), stdin from /dev/null, stdout and stderr appended to one file.
struct ChildProcess {
    let pid: pid_t

    /// Starts `arguments[0]` (looked up in PATH) with `arguments` and `environment`.
    init(arguments: [String], environment: [String: String], output: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let status = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw RunKitError(.invalidArgument, "Cannot start \(arguments[0]): \(String(cString: strerror(status))).")
        }
        pid = child
    }

    /// How the command ended.
    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)

        var succeeded: Bool { self == .exited(0) }

        var description: String {
            switch self {
            case .exited(let code): return "exit status \(code)"
            case .signaled(let signal): return "signal \(signal)"
            }
        }
    }

    /// The ending if the process has ended (reaped), else nil.
    func poll() -> Ending? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .signaled(status & 0x7F)
    }

    /// Sends `signal` to the whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Stops the process group: SIGTERM, then SIGKILL after `grace` seconds; waits for the end.
    /// The grace is waited out even when the calling task is cancelled (that is why it stops).
    func stop(grace: Double) async -> Ending {
        signalGroup(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(grace)
        while ContinuousClock.now < deadline {
            if let ending = poll() {
                signalGroup(SIGKILL)
                return ending
            }
            await SweepClock.pause(.milliseconds(20))
        }
        signalGroup(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return .signaled(SIGKILL)
    }
}
