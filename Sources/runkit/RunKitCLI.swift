import ArgumentParser
import Foundation
import RunKit
import RunKitRemote

/// The `runkit` command: parses arguments, runs the subcommand, and turns errors into one
/// sentence on stderr and a non-zero exit status (no stack traces).
@main
struct RunKitCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runkit",
        abstract: "Load, query and compare machine-learning experiment runs: MLflow (SQLite and mlruns/ file stores), HydraFlow, MLXP and malet.",
        version: RunKitVersion.string,
        subcommands: [ListCommand.self, ShowCommand.self, FieldsCommand.self, DiffCommand.self, GroupCommand.self, BestCommand.self,
                      ExportCommand.self, PlotCommand.self, ExperimentsCommand.self, IndexCommand.self, GridCommand.self, SweepCommand.self, LogCommand.self,
                      ServeCommand.self]
    )

    /// Exit status: 0 done; 2 done, but damaged data was skipped (`LoadedRuns.finish`); 1 any
    /// error, a usage error too (ArgumentParser's own would be 64); `sweep` adds 130 (interrupted).
    /// The process exits inside the scope that keeps the loaded runs (`KeptRuns`).
    static func main() async {
        // A parent may start runkit with these signals blocked (a thread's signal mask passes
        // through fork and exec; Foundation's `Process` started from a Dispatch thread keeps one
        // that blocks nearly everything): `kill` and Ctrl-C would then not end a long `list`.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stopping, number) }
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
        RemoteStores.register()   // http(s):// addresses: MLflow tracking servers (docs/remote.md)
        await KeptRuns.$current.withValue(KeptRuns()) {
            do {
                var command = try parseAsRoot()
                if var command = command as? AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
            } catch let error as RunKitError {
                Terminal.error(error.description)
                Foundation.exit(1)
            } catch let error as QueryKeyError {
                Terminal.error(error.description)
                Foundation.exit(1)
            } catch let code as ExitCode {
                exit(withError: code)
            } catch {
                // Help and --version exit 0 as ArgumentParser prints them; every other error is 1.
                guard exitCode(for: error) != .success else { exit(withError: error) }
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(1)
            }
            Foundation.exit(0)
        }
    }
}
