import ArgumentParser
import RunKit

/// `runkit fields`: every field of the selected runs with namespace, type and run count.
struct FieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields", abstract: "List every field with its namespace, value type and how many runs have it.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOption

    func run() throws {
        let loaded = try store.load()
        let rows: [[ConfigValue]] = FieldSummary.summarize(loaded.runs).map { field in
            [.string(field.key), .string(field.namespace.rawValue), .string(field.types.joined(separator: "|")), .int(field.count)]
        }
        Terminal.write(RowsRenderer.render(columns: ["field", "namespace", "type", "runs"], rows: rows,
                                           format: output.format, maxCellWidth: 60, color: Terminal.useColor))
        try loaded.finish()
    }
}
