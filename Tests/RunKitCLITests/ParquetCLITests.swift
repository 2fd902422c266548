import Foundation
import Testing

/// `export --format parquet -o FILE`, runs and `--history` (the readers' round trip is
/// Tests/RunKitTests/ParquetExportTests.swift).
@Suite("Parquet export CLI")
struct ParquetCLITests {
    @Test("runs and histories are written as Parquet files; without -o it is an error")
    func export() throws {
        let folder = try CLI.temporaryFolder("parquet")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = CLI.fixtures + "/hydraflow-sqlite"
        for (file, extra) in [("runs.parquet", [String]()), ("history.parquet", ["--history"])] {
            let result = try CLI.run(["export", store, "--format", "parquet", "-o", folder + "/" + file] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
            #expect(bytes.count > 1000 && bytes.prefix(4).elementsEqual("PAR1".utf8) && bytes.suffix(4).elementsEqual("PAR1".utf8))
        }
        let noFile = try CLI.run(["export", store, "--format", "parquet"])
        #expect(noFile.status != 0 && noFile.stderr.contains("--format parquet needs --output FILE"))
    }
}
