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
    ],
    targets: [
        .target(
            name: "RunKit",
            dependencies: [
                "Yams",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),   // SQLite's C API, for SQLiteRows
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "runkit",
            dependencies: [
                "RunKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RunKitTests",
            dependencies: ["RunKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "RunKitCLITests",
            dependencies: ["RunKit", "runkit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
