import Foundation
import RunKitSupport

/// The grid `group --check-seeds --grid PATH` checks seeds against: a malet grid YAML, or a folder
/// `runkit sweep` wrote (its `exp_config.yaml`, the sweep's full grid), whose own command then
/// reruns what is missing or failed: `runkit sweep DIR --slurm --resubmit` for a folder submitted
/// with `--slurm`, else the sweep run again on its grid (a sweep runs only the configs not
/// complete). See docs/grouping-and-export.md ("Seeds").
///
/// ```swift
/// let source = try SweepGridSource("exp")      // a folder `runkit sweep … --dir exp` wrote
/// source.gridFile                              // "exp/exp_config.yaml"
/// source.rerunCommand                          // "runkit sweep exp/exp_config.yaml -- CMD (…)"
/// ```
public struct SweepGridSource: Sendable, Hashable {
    /// The grid YAML to read (`Grid.load`).
    public let gridFile: String
    /// For a sweep folder, the command that reruns its missing and failed configs; nil for a
    /// grid file (or a folder holding no sweep log): the Hydra overrides of each group then.
    public let rerunCommand: String?

    /// Reads what `path` is: a folder is a sweep's (`exp_config.yaml` in it, else an
    /// `invalidArgument` error naming it), anything else a grid file.
    public init(_ path: String) throws {
        guard PosixFileSystem.fileKind(path) == .directory else {
            gridFile = path
            rerunCommand = nil
            return
        }
        let folder = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        gridFile = folder + "/exp_config.yaml"
        guard PosixFileSystem.fileKind(gridFile) != .missing else {
            throw RunKitError(.invalidArgument, "\(folder) holds no exp_config.yaml: --grid takes a malet grid YAML or a folder `runkit sweep` wrote.", path: folder)
        }
        if PosixFileSystem.fileKind(SlurmBatchScript.folder(of: folder) + "/sweep.sbatch") != .missing {
            rerunCommand = ShellWord.line(["runkit", "sweep", folder, "--slurm", "--resubmit"])
                + " (it submits every config left: pending, or failed fewer than --max-failures times)"
        } else if PosixFileSystem.fileKind(folder + "/log.tsv") != .missing || PosixFileSystem.fileKind(folder + "/log_splits") != .missing {
            rerunCommand = ShellWord.line(["runkit", "sweep", gridFile]) + " -- CMD"
                + " (the sweep's own command again: it runs only the configs not complete; --max-failures N for one given up)"
        } else {
            rerunCommand = nil
        }
    }
}
