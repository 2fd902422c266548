import Foundation
@testable import RunKit

/// Paths of the stores in `Tests/Fixtures` (copied from the conformance corpus).
enum Fixtures {
    /// `Tests/Fixtures`.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// A fixture folder or file by relative path, e.g. `"hydraflow-sqlite"`.
    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A parsed `expected/*.json` file of a fixture.
    static func expected(_ store: String, _ file: String) throws -> ConfigValue {
        try JSONParser.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path("\(store)/expected/\(file)"))), as: UTF8.self))
    }
}
