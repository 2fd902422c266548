import Foundation
import RunKit
import Testing

/// `group/best --format latex|markdown`: paper tables (`m ± s`, best in bold, escaped text), and
/// the LaTeX compiles with Debian's texlive (`scripts/texlive.sh`, which `.ci/run` calls).
@Suite("Paper tables")
struct PaperTableCLITests {
    static let store = CLI.fixtures + "/hydraflow-sqlite"
    static let group = ["group", store, "--experiment", "train", "--by", "model.type,optimizer.lr",
                        "--agg", "mean(metrics.loss)", "--agg", "std(metrics.loss)", "--agg", "n()", "--min", "metrics.loss"]

    static var pdflatex: String? {
        ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("markdown: mean and std merged into one m ± s column, the smallest bold, digits from the spread")
    func markdown() throws {
        let result = try CLI.run(Self.group + ["--format", "markdown"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "| model.type | optimizer.lr | metrics.loss | n() |")
        #expect(lines.contains("| mlp | 0.1 | **0.192 ± 0.019** | 2 |"))
        #expect(lines.contains("| cnn | 0.01 | 0.5757 ± 0.0095 | 2 |"))
        #expect(lines.contains("| cnn | 0.5 | NaN | 1 |"))
        #expect(result.stdout.components(separatedBy: "**").count == 3)
        let best = try CLI.run(["best", Self.store, "--experiment", "train", "--by", "model.type", "--choose", "optimizer.lr",
                                "--metric", "mean(metrics.loss)", "--report", "std(metrics.loss)", "--min", "--format", "markdown"])
        #expect(best.stdout.contains("| mlp | 0.1 | **0.192 ± 0.019** |"), "\(best.stdout)")
    }

    @Test("latex: a tabular with $m \\pm s$ cells and the best in \\mathbf; awkward text escaped; pdflatex compiles it",
          .enabled(if: pdflatex != nil, "pdflatex is not installed (scripts/texlive.sh installs Debian's texlive-latex-base)"))
    func latex() throws {
        let table = try CLI.run(Self.group + ["--format", "latex"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("mlp & $0.1$ & $\\mathbf{0.192 \\pm 0.019}$ & $2$ \\\\"))
        #expect(table.stdout.hasPrefix("\\begin{tabular}{lrrr}\n"))
        // Every param, tag and metric of the file-store fixture: names and values with _ % & $ # { } ~ ^ \ < > | and non-ASCII.
        let awkward = try CLI.run(["list", CLI.fixtures + "/mlflow-file", "--format", "latex"])
        #expect(awkward.status == 0, "\(awkward.stderr)")
        #expect(awkward.stdout.contains("\\_"))
        let folder = try CLI.temporaryFolder("latex")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = "\\documentclass{article}\n\\usepackage[margin=5mm,paperwidth=200cm,paperheight=40cm]{geometry}\n\\begin{document}\n"
            + table.stdout + "\n\\bigskip\n\n" + awkward.stdout + "\\end{document}\n"
        try document.write(toFile: folder + "/tables.tex", atomically: true, encoding: .utf8)
        let compiled = try CLI.runCommand([Self.pdflatex!, "-interaction=nonstopmode", "-halt-on-error", "tables.tex"], directory: folder)
        #expect(compiled.status == 0, "\(compiled.stdout.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: folder + "/tables.pdf"))
    }
}
