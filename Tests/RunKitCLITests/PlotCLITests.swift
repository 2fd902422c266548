import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("runkit plot")
final class PlotCLITests {
    let mlxp = CLI.fixtures + "/mlxp-logs"
    let malet = CLI.fixtures + "/malet/exp_group_resume"
    let sqlite = CLI.fixtures + "/hydraflow-sqlite"

    /// The `<text>` contents of a well-formed SVG, nil when it does not parse as XML.
    func texts(_ svg: String) -> [String]? {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = [], current: String?, root: String?
            func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if root == nil { root = name }
                if name == "text" { current = "" }
            }
            func parser(_ p: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text", let current { texts.append(current) }
                if name == "text" { current = nil }
            }
        }
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        return parser.parse() && collector.root == "svg" ? collector.texts : nil
    }

    /// This test's folder for outputs, removed with the test (Swift Testing makes a suite instance per test).
    let folder: String

    init() throws { folder = try CLI.temporaryFolder("runkit-plot") }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A new path named `name` in a folder of its own.
    func temporary(_ name: String) -> String {
        let path = folder + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path + "/" + name
    }

    @Test("curve: MLXP train.loss by learning rate, --where first, legend and labels from the keys")
    func curve() throws {
        let output = temporary("loss.svg")
        let result = try CLI.run(["plot", mlxp, "--kind", "curve", "--metric", "train.loss", "--by", "optimizer.lr",
                                  "--where", "info.status == 'COMPLETE'", "--output", output])
        #expect(result.status == 0)   // the two folders MLXP skips too are notes
        #expect(result.stdout.isEmpty && result.stderr.contains("wrote \(output)"))
        let texts = try #require(self.texts(try String(contentsOfFile: output, encoding: .utf8)))
        #expect(texts.contains("train.loss by optimizer.lr") && texts.contains("step") && texts.contains("train.loss"))
        #expect(texts.contains("1.0 (n=9)") && texts.contains("10.0 (n=10)") && !texts.contains { $0.hasPrefix("100.0") })
        let all = try CLI.run(["plot", mlxp, "--kind", "curve", "--metric", "metrics.train.loss", "--by", "optimizer.lr", "--log-y", "--band", "minmax"])
        let allTexts = try #require(self.texts(all.stdout))
        #expect(allTexts.contains("100.0 (n=1)") && allTexts.contains("train.loss (log scale)"))
    }

    @Test("curve of a malet log and of an MLflow store; a metric nobody logged is an error naming it")
    func otherStores() throws {
        let maletPlot = try CLI.run(["plot", malet, "--kind", "curve", "--metric", "val_acc", "--by", "optimizer,lr", "--band", "none"])
        #expect(maletPlot.status == 0, "\(maletPlot.stderr)")
        let maletTexts = try #require(texts(maletPlot.stdout))
        #expect(maletTexts.contains("val_acc by optimizer, lr") && maletTexts.contains { $0.hasPrefix("sgd, 0.1 (n=") })
        let mlflow = try CLI.run(["plot", sqlite, "--kind", "curve", "--metric", "loss", "--by", "model.type", "--title", "Loss & <stuff>"])
        #expect(mlflow.status == 0, "\(mlflow.stderr)")
        #expect(try #require(texts(mlflow.stdout)).contains("Loss & <stuff>"))
        let typo = try CLI.run(["plot", sqlite, "--kind", "curve", "--metric", "los"])
        #expect(typo.status == 1 && typo.stderr.contains("history.los") && typo.stdout.isEmpty)
    }

    @Test("bar, heatmap and scatter of the MLXP store")
    func otherKinds() throws {
        let bar = try CLI.run(["plot", mlxp, "--kind", "bar", "--metric", "test.loss", "--by", "model.num_units", "--error", "sem",
                               "--where", "info.status == 'COMPLETE'"])
        let barTexts = try #require(texts(bar.stdout))
        #expect(barTexts.contains("mean(test.loss) by model.num_units") && barTexts.contains("error bars: ± standard error"))
        #expect(["2", "3", "4"].allSatisfy(barTexts.contains))
        let heat = try CLI.run(["plot", mlxp, "--kind", "heatmap", "--metric", "test.loss", "--x", "optimizer.lr", "--y", "model.num_units",
                                "--stat", "median", "--where", "info.status == 'COMPLETE'"])
        let heatTexts = try #require(texts(heat.stdout))
        #expect(heatTexts.contains("median(test.loss) by model.num_units and optimizer.lr") && heatTexts.contains("10.0"))
        let scatter = try CLI.run(["plot", mlxp, "--kind", "scatter", "--x", "optimizer.lr", "--y", "test.loss", "--color", "model.num_units", "--log-x"])
        let scatterTexts = try #require(texts(scatter.stdout))
        #expect(scatterTexts.contains("test.loss vs optimizer.lr by model.num_units") && scatterTexts.contains("optimizer.lr (log scale)"))
    }

    @Test("usage errors: a missing --metric, --x/--y, --png without --output, an unknown --stat")
    func usage() throws {
        #expect(try CLI.run(["plot", mlxp, "--kind", "curve"]).status == 1)
        #expect(try CLI.run(["plot", mlxp, "--kind", "heatmap", "--metric", "test.loss", "--x", "optimizer.lr"]).status == 1)
        #expect(try CLI.run(["plot", mlxp, "--kind", "curve", "--metric", "train.loss", "--png"]).status == 1)
        let stat = try CLI.run(["plot", mlxp, "--kind", "bar", "--metric", "test.loss", "--stat", "list"])
        #expect(stat.status == 1 && stat.stderr.contains("--stat list"))
    }

    @Test("--png: says clearly when no converter is installed, and keeps the SVG")
    func noConverter() throws {
        let output = temporary("loss.svg")
        let empty = temporary("bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let result = try CLI.run(["plot", sqlite, "--kind", "curve", "--metric", "loss", "--output", output, "--png"], environment: ["PATH": empty])
        #expect(result.status == 1)
        #expect(result.stderr.contains("No SVG to PNG converter is installed") && result.stderr.contains("chromium") && result.stderr.contains("rsvg-convert"))
        #expect(FileManager.default.fileExists(atPath: output) && !FileManager.default.fileExists(atPath: output.replacingOccurrences(of: ".svg", with: ".png")))
    }

    @Test("--png writes a PNG with the installed converter (skipped without one)")
    func png() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let found = ["chromium", "chromium-browser", "google-chrome", "rsvg-convert"].contains { name in
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        guard found else { print("skipped: no chromium or rsvg-convert on PATH"); return }
        let output = temporary("loss.svg")
        let result = try CLI.run(["plot", sqlite, "--kind", "curve", "--metric", "loss", "--by", "model.type", "--output", output, "--png"])
        #expect(result.status == 0, "\(result.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: output.replacingOccurrences(of: ".svg", with: ".png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }
}
