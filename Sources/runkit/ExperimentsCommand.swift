import ArgumentParser
import RunKit

/// `runkit experiments`: the store's experiments with their run counts.
struct ExperimentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments", abstract: "List experiments (deleted ones with --all or --deleted).")

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOption

    func run() throws {
        let loaded = try store.load(view: .all)
        var active: [String: Int] = [:], deleted: [String: Int] = [:]
        for run in loaded.runs {
            if run.info.isDeleted { deleted[run.info.experimentID, default: 0] += 1 } else { active[run.info.experimentID, default: 0] += 1 }
        }
        let experiments = try loaded.reader.experiments().filter { experiment in
            store.selection.matches(experiment.name) && store.view.includes(lifecycleStage: experiment.lifecycleStage)
        }
        let rows: [[ConfigValue]] = experiments.map { experiment in
            [.string(experiment.id), .string(experiment.name), .string(experiment.lifecycleStage),
             .int(active[experiment.id] ?? 0), .int(deleted[experiment.id] ?? 0)]
        }
        Terminal.write(RowsRenderer.render(columns: ["experiment_id", "name", "lifecycle_stage", "runs", "deleted_runs"],
                                           rows: rows, format: output.format, color: Terminal.useColor))
        try loaded.finish()
    }
}
