// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "RunKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RunKit", targets: ["RunKit"]),
        .executable(name: "runkit", targets: ["runkit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
        // Remote stores only (RunKitRemote): the library never imports them (docs/remote.md: build cost).
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),       // async-http-client's own
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),    // async-http-client's own
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        // Only the server target (RunKitServer) and so the CLI use it; the library never does.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        // postgres-nio's logger; Hummingbird's, quietened.
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
    ],
    targets: [
        // The layers, lowest first: a target depends only on targets listed before it
        // (docs/architecture.md draws the picture).
        .target(name: "RunKitSupport"),
        .target(
            name: "RunKitModel",
            dependencies: ["RunKitSupport", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(
            name: "RunKitFormats",
            dependencies: [
                "RunKitSupport",
                "RunKitModel",
                "Yams",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "RunKitStores",
            dependencies: [
                "RunKitSupport",
                "RunKitModel",
                "RunKitFormats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),   // SQLite's C API, for SQLiteRows
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "RunKit",
            dependencies: [
                "RunKitSupport",
                "RunKitModel",
                "RunKitFormats",
                "RunKitStores",
                "Yams",
                .product(name: "GRDB", package: "GRDB.swift"),   // the SQLite export
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // MLflow tracking servers over REST and MLflow's PostgreSQL backend (docs/remote.md): its own
        // target, so that the library (RunKit*) never depends on an HTTP or PostgreSQL stack; only
        // the CLI imports it.
        .target(
            name: "RunKitRemote",
            dependencies: [
                "RunKitSupport",
                "RunKitModel",
                "RunKitStores",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // The HTTP server of `runkit serve`: the one target that links Hummingbird.
        .target(
            name: "RunKitServer",
            dependencies: [
                "RunKitSupport",
                "RunKitModel",
                "RunKitStores",
                "RunKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "runkit",
            dependencies: [
                "RunKit",
                "RunKitRemote",
                "RunKitServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RunKitTests",
            dependencies: [
                "RunKit", "RunKitSupport", "RunKitModel", "RunKitFormats", "RunKitStores",   // @testable imports of the layers
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "RunKitCLITests",
            dependencies: ["RunKit", "RunKitServer", "RunKitRemote", "runkit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
