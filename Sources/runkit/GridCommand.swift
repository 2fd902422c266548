import ArgumentParser
import Foundation
import RunKit

/// `runkit grid`: the configs of a malet grid YAML, or the jobs of Hydra sweep overrides.
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Print the configs of a grid: a malet grid YAML, or Hydra sweep overrides after --.",
        discussion: """
        runkit grid exp_config.yaml --format json     an array of configs (statics + grid values)
        runkit grid -- model.width=16,32 seed=range(3) --format json
                                                       an array of jobs, each Hydra's override strings
        """)

    @Argument(help: "A malet grid YAML file, or Hydra overrides (after --): a=1,2 b=range(1,4) c=choice(x,y) +d=1 ~e.",
              completion: .file(extensions: ["yaml", "yml"]))
    var inputs: [String] = []

    @Option(name: .long, help: "A Hydra config directory whose folders are the config groups glob(…) chooses from.", completion: .directory)
    var configDir: String?

    @OptionGroup var output: FormatOption

    func run() throws {
        // Options written after `--` arrive among the overrides: take them back.
        var inputs = inputs
        var format = output.format
        var configDir = configDir
        var index = 0
        while index < inputs.count {
            let (name, inline) = GridInput.option(inputs[index])
            guard name == "--format" || name == "--config-dir" else { index += 1; continue }
            guard let value = inline ?? (index + 1 < inputs.count ? inputs[index + 1] : nil) else {
                throw ValidationError("\(name) needs a value.")
            }
            inputs.removeSubrange(index..<(index + (inline == nil ? 2 : 1)))
            if name == "--config-dir" { configDir = value; continue }
            guard let chosen = OutputFormat(rawValue: value) else { throw ValidationError("Unknown --format \(value).") }
            format = chosen
        }
        let grid = try GridInput(inputs: inputs, configDir: configDir).grid()
        switch (grid.source, format) {
        case (.hydraOverrides, .json):
            let jobs = ConfigValue.list(grid.points.map { .list($0.overrides.map(ConfigValue.string)) })
            Terminal.write(JSONWriter.string(jobs, indent: 2) + "\n")
        case (.hydraOverrides, .jsonl):
            Terminal.write(grid.points.map { JSONWriter.string(.list($0.overrides.map(ConfigValue.string))) + "\n" }.joined())
        case (.maletYAML, .json):
            Terminal.write(JSONWriter.string(.list(grid.points.map(\.config)), indent: 2) + "\n")
        case (.maletYAML, .jsonl):
            Terminal.write(grid.points.map { JSONWriter.string($0.config) + "\n" }.joined())
        default:
            let columns = grid.fields.isEmpty ? Array(grid.statics.keys) : grid.fields
            let rows = grid.points.map { point in columns.map { point.values[$0] ?? point.config.mapValue?[$0] ?? .null } }
            Terminal.write(RowsRenderer.render(columns: columns, rows: rows, format: format, maxCellWidth: 60, color: Terminal.useColor))
        }
        if grid.points.isEmpty { Terminal.note("the grid has no configs.") }
    }
}

/// A grid named on the command line: one YAML file, or Hydra overrides.
struct GridInput {
    var inputs: [String]
    var configDir: String?

    /// `--name=value` → ("--name", "value"); `--name` → ("--name", nil).
    static func option(_ text: String) -> (String, String?) {
        guard text.hasPrefix("--"), let equal = text.firstIndex(of: "=") else { return (text, nil) }
        return (String(text[..<equal]), String(text[text.index(after: equal)...]))
    }

    func grid() throws -> Grid {
        let looksLikeOverride = { (text: String) in text.contains("=") || text.hasPrefix("~") }
        var files = inputs.filter { !looksLikeOverride($0) }
        let all = inputs.filter(looksLikeOverride)
        if files.isEmpty, all.isEmpty {
            throw ValidationError("Give a grid YAML file, or Hydra overrides after -- (runkit grid -- a=1,2 b=x,y).")
        }
        if files.count > 1 {
            throw ValidationError("Give one grid YAML file, not \(files.count): \(files.joined(separator: ", ")).")
        }
        if let file = files.popLast() {
            guard all.isEmpty else { throw ValidationError("Give a grid YAML file or Hydra overrides, not both.") }
            return try Grid.load(file)
        }
        return try Grid.hydra(all, configGroups: configDir.map(HydraConfigGroups.scan))
    }
}
