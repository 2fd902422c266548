import ArgumentParser
import RunKit

/// `runkit diff`: the keys whose values vary across the selected runs (MLXP's `diff`).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "List the keys whose values vary across runs (config and params by default).",
        discussion: "e.g. runkit diff logs --where \"info.status == 'COMPLETE' & config.seed <= 3\" --prefix config,info")

    @OptionGroup var store: StoreOptions

    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: "Comma-separated namespaces to compare: config, params, metrics, tags, info (the store's own run info) (default: config,params).")
    var prefix: String = "config,params"

    @OptionGroup var output: FormatOption

    func run() throws {
        var namespaces: [FieldKey.Namespace] = []
        for name in prefix.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let key = FieldKey(name + ".x")
            guard key.namespace != .bare, key.namespace != .history else {
                throw RunKitError(.invalidArgument, "Unknown --prefix '\(name)': use config, params, metrics, tags or info.")
            }
            namespaces.append(key.namespace)
        }
        let parsed = try selection.parse()
        let loaded = try store.load()
        let runs = try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind)
        let rows: [[ConfigValue]] = VaryingField.find(in: runs, namespaces: namespaces).map { field in
            [.string(field.key), .int(field.values.count), .list(field.values)]
        }
        Terminal.write(RowsRenderer.render(columns: ["key", "distinct", "values"], rows: rows,
                                           format: output.format, maxCellWidth: 60, color: Terminal.useColor))
        try loaded.finish()
    }
}
