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

    /// The connection to `address`, opened (once) with `configuration`.
    static func opened(_ address: String, _ configuration: PostgresConnection.Configuration) throws -> PostgresConnection {
        try connections.withLock { connections in
            if let connection = connections[address] { return connection }
            let opened = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                        id: connections.count + 1, logger: logger).wait()
            connections[address] = opened
            return opened
        }
    }
}
