import ArgumentParser
import Foundation
import RunKit

/// `runkit index`: brings a store's index up to date (or removes it) and says what it holds.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or refresh the index of a store (see --index), or remove it.",
        discussion: "The index lives in RUNKIT_CACHE_DIR, else $XDG_CACHE_HOME/runkit, else ~/.cache/runkit; the store is never written.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Remove the store's index instead of refreshing it.")
    var remove = false

    @OptionGroup var output: FormatOption

    func run() throws {
        let opened = try RunStore.open(store.store)
        let indexed = opened.indexed()
        if remove {
            let removed = try indexed.removeIndex()
            Terminal.note(removed ? "removed \(indexed.indexFile)" : "\(indexed.path) has no index (\(indexed.indexFile))")
            return
        }
        guard indexed.isIndexed else {
            throw ValidationError("malet logs are read in one pass and are not indexed.")
        }
        let refresh = try indexed.refresh()
        let result = refresh.selected(LoadOptions(view: .all))
        for warning in result.warnings { Terminal.report(warning) }
        let size = (try? FileManager.default.attributesOfItem(atPath: indexed.indexFile)[.size] as? Int) ?? 0
        let row: [ConfigValue] = [.string(indexed.path), .string(indexed.kind.rawValue), .string(refresh.indexPath ?? ""),
                                  .int(refresh.runs.count), .int(refresh.reused), .int(refresh.read), .int(refresh.removed), .int(size)]
        Terminal.write(RowsRenderer.render(columns: ["store", "kind", "index", "runs", "from_index", "read", "dropped", "bytes"],
                                           rows: [row], format: output.format, color: Terminal.useColor))
        if result.skippedDamage { throw ExitCode(2) }
    }
}
