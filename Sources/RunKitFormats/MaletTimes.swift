#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads malet's info times: `datetime` (Python's `str(datetime.now())`, local time) and
/// `duration` (a pandas `Timedelta` string).
///
/// ```swift
/// var times = MaletTimes()
/// times.microseconds(datetime: "2026-11-21 18:35:25.299771")   // µs since the epoch, local time zone
/// MaletTimes.microseconds(duration: "0 days 00:00:00.073950")   // 73950
/// ```
///
/// The local time of each distinct minute is converted once (`mktime` is slow and takes a lock):
/// a log's rows share few minutes.
package struct MaletTimes {
    /// Epoch seconds of a local minute, by `yyyyMMddHHmm`.
    private var minutes: [Int64: Int64] = [:]

    package init() {}

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` in the local time zone, as µs since the epoch; nil when malformed.
    package mutating func microseconds(datetime text: String) -> Int64? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 19, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"), utf8[10] == UInt8(ascii: " "),
              utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(utf8[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 62 else { return nil }
        var fraction: Int64 = 0
        if utf8.count > 19 {
            guard utf8[19] == UInt8(ascii: "."), utf8.count > 20 else { return nil }
            utf8 = Array(utf8.prefix(26))       // digits past microseconds are dropped
            guard let digits = number(20..<utf8.count) else { return nil }
            fraction = digits
            for _ in utf8.count..<26 { fraction *= 10 }
        }
        let key = (((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute
        let start: Int64
        if let known = minutes[key] {
            start = known
        } else {
            var calendar = tm()
            calendar.tm_year = Int32(year - 1900)
            calendar.tm_mon = Int32(month - 1)
            calendar.tm_mday = Int32(day)
            calendar.tm_hour = Int32(hour)
            calendar.tm_min = Int32(minute)
            calendar.tm_isdst = -1
            let seconds = mktime(&calendar)
            guard seconds != -1 else { return nil }
            start = Int64(seconds)
            minutes[key] = start
        }
        return (start + second) * 1_000_000 + fraction
    }

    /// A pandas `Timedelta` string (`0 days 00:00:00.013936`, `-1 days +23:59:59.5`) in µs.
    package static func microseconds(duration text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, parts[1] == "days" || parts[1] == "day", let days = Int64(parts[0]) else { return nil }
        var clockText = parts[2]
        var sign: Int64 = 1
        if clockText.first == "+" { clockText = clockText.dropFirst() }
        else if clockText.first == "-" { sign = -1; clockText = clockText.dropFirst() }
        let pieces = clockText.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let clock = pieces[0].split(separator: ":", omittingEmptySubsequences: false).compactMap { Int64($0) }
        guard clock.count == 3 else { return nil }
        var fraction: Int64 = 0
        if pieces.count == 2 {
            let digits = pieces[1].prefix(6)
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            fraction = value
            for _ in digits.count..<6 { fraction *= 10 }
        }
        let seconds = (clock[0] * 60 + clock[1]) * 60 + clock[2]
        return days * 86_400_000_000 + sign * (seconds * 1_000_000 + fraction)
    }

    /// µs → ms, rounded down (as a `Timestamp` floors to ms).
    package static func milliseconds(_ microseconds: Int64) -> Int64 {
        microseconds >= 0 ? microseconds / 1000 : -((-microseconds + 999) / 1000)
    }
}
