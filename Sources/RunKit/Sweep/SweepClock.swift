import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// malet's time texts: `datetime` as Python's `str(datetime.now())` (local time, microseconds
/// left out when zero) and `duration` as a pandas `Timedelta` (`0 days 00:00:00.013936`).
enum SweepClock {
    /// Microseconds since the epoch.
    static func now() -> Int64 {
        var time = timeval()
        gettimeofday(&time, nil)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_usec)
    }

    /// Waits `duration`, even in a cancelled task (`Task.sleep` alone would return at once
    /// there): for waits that are part of stopping, like a command's grace after SIGTERM. The
    /// sleep runs in a task of its own, which the caller's cancellation does not reach.
    static func pause(_ duration: Duration) async {
        await Task { try? await Task.sleep(for: duration) }.value
    }

    static func datetime(_ microseconds: Int64) -> String {
        var seconds = time_t(microseconds / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let fraction = Int(microseconds % 1_000_000)
        var text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if fraction != 0 { text += String(format: ".%06d", fraction) }
        return text
    }

    static func duration(_ microseconds: Int64) -> String {
        let value = max(0, microseconds)
        let days = value / 86_400_000_000
        let rest = value % 86_400_000_000
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        var text = String(format: "%lld days %02lld:%02lld:%02lld", days, seconds / 3600, (seconds / 60) % 60, seconds % 60)
        if fraction != 0 { text += String(format: ".%06lld", fraction) }
        return text
    }
}
