import ArgumentParser

/// `runkit log`: tools on malet experiment logs (`merge`, `resplit`).
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Merge malet logs, or redistribute a sweep's rows into N splits (inputs are never lost).",
        subcommands: [LogMergeCommand.self, LogResplitCommand.self])
}
