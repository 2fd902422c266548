import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A runner's claim on a config it is running, kept in `<log>.claims.json` beside the log:
/// which host and process runs it, the process group of the command, and a heartbeat the
/// runner refreshes. A claim is stale — its config free to run again — when its runner is dead
/// on this host, or its heartbeat is older than the sweep's `staleAfter` (another host).
struct SweepClaim: Sendable, Hashable {
    var host: String
    var pid: Int32
    /// The command's process group (0 before it starts, or for a closure).
    var group: Int32
    /// Microseconds since the epoch.
    var heartbeat: Int64
    var started: Int64

    static let host: String = ProcessInfo.processInfo.hostName

    var isOurs: Bool { host == Self.host && pid == getpid() }

    func isStale(now: Int64, staleAfter: Double) -> Bool {
        if host == Self.host, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { return true }
        return Double(now - heartbeat) / 1_000_000 > staleAfter
    }

    var record: ConfigValue {
        ["host": .string(host), "pid": .int(Int(pid)), "group": .int(Int(group)), "heartbeat": .int(Int(heartbeat)), "started": .int(Int(started))]
    }

    init(host: String = SweepClaim.host, pid: Int32 = getpid(), group: Int32 = 0, heartbeat: Int64, started: Int64) {
        self.host = host
        self.pid = pid
        self.group = group
        self.heartbeat = heartbeat
        self.started = started
    }

    init?(record: ConfigValue) {
        guard let host = record["host"]?.stringValue, let pid = record["pid"]?.intValue,
              let heartbeat = record["heartbeat"]?.intValue else { return nil }
        self.init(host: host, pid: Int32(pid), group: Int32(record["group"]?.intValue ?? 0),
                  heartbeat: Int64(heartbeat), started: Int64(record["started"]?.intValue ?? heartbeat))
    }

    /// The claims file: row key → claim.
    static func read(_ path: String) -> [String: SweepClaim] {
        guard let bytes = try? PosixFileSystem.bytes(path),
              let map = (try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)))?.mapValue else { return [:] }
        var claims: [String: SweepClaim] = [:]
        for (key, value) in map { claims[key] = SweepClaim(record: value) }
        return claims
    }

    static func write(_ claims: [String: SweepClaim], to path: String) throws {
        var map: [(String, ConfigValue)] = claims.map { ($0.key, $0.value.record) }
        map.sort { $0.0 < $1.0 }
        try AtomicFile.write(JSONWriter.string(.map(.init(uniqueKeysWithValues: map)), indent: 1) + "\n", to: path)
    }
}
