#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The flag SIGINT/SIGTERM set: a sweep's workers stop their commands, record them as F and
/// return. Set from a signal handler, so it is a plain word read by polling.
package enum SweepStop {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Asks every running sweep of this process to stop.
    package static func request() { flag = 1 }

    package static var isRequested: Bool { flag != 0 }

    /// Clears the flag (for a new sweep in the same process).
    package static func reset() { flag = 0 }

    /// Installs SIGINT and SIGTERM handlers that call `request()`.
    /// Unblocks them too: a parent (Foundation's `Process`) may have started this process with
    /// them blocked. Call it before the sweep starts its threads, which inherit the mask.
    package static func installSignalHandlers() {
        signal(SIGINT) { _ in SweepStop.request() }
        signal(SIGTERM) { _ in SweepStop.request() }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
