import Logging
import NIOCore
import NIOPosix
import PostgresNIO
@_spi(RunKitInternals) import RunKitSupport

/// The PostgreSQL connections of the process, one per address, opened on first use and kept for
/// the life of the process (postgres-nio queues the queries of several threads on one; a
/// connection released before it is closed is an assertion failure, and these are never closed:
/// the process ends with them).
enum PostgresConnections {
    private static let connections = Locked<[String: PostgresConnection]>([:])
    /// postgres-nio logs nothing RunKit shows.
    static let logger = Logger(label: "runkit.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The connection `slot` to `address`, opened (once) with `configuration`: statements sent on
    /// different slots run at once (the server runs each connection's in turn).
    static func opened(_ address: String, _ configuration: PostgresConnection.Configuration, slot: Int = 0) throws -> PostgresConnection {
        let key = "\(slot) \(address)"
        return try connections.withLock { connections in
            if let connection = connections[key] { return connection }
            let opened = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                        id: connections.count + 1, logger: logger).wait()
            connections[key] = opened
            return opened
        }
    }
}
