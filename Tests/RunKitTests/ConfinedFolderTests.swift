import Foundation
import Testing
@testable import RunKitStores

/// A folder listed and then read keeps one descriptor for it: the listing starts from the
/// beginning however often it is made, and the files are read through the same folder.
@Suite("Confined folder: a listed folder stays open for its files")
struct ConfinedFolderTests {
    @Test("listing a folder twice, reading its files between and after, and a missing or file-shaped folder")
    func listThenRead() throws {
        let root = try TemporaryFolder.make("runkit-confined")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/metrics", withIntermediateDirectories: true)
        for name in ["a.json", "b.json", "c.json"] {
            try Data(name.utf8).write(to: URL(fileURLWithPath: root + "/metrics/" + name))
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/plain"))
        let folder = try #require(try ConfinedFolder(root))
        let first = try #require(try folder.entries("metrics")).map(\.name).sorted()
        #expect(first == ["a.json", "b.json", "c.json"])
        #expect(try folder.bytes("metrics/b.json") == Array("b.json".utf8))
        #expect(try folder.entries("metrics")?.map(\.name).sorted() == first)
        #expect(try folder.entries("metrics")?.map(\.name).sorted() == first)
        #expect(try folder.bytes("metrics/c.json") == Array("c.json".utf8))
        #expect(try folder.entries("")?.map(\.name).sorted() == ["metrics", "plain"])
        #expect(try folder.entries("missing") == nil)
        #expect(try folder.entries("plain") == nil)
        #expect(try folder.bytes("missing/a.json") == nil)
    }
}
