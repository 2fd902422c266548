import RunKitFormats
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

extension MaletStore: RunStamping {
    /// malet rewrites a whole log file each time a config's result is written (a row added, a
    /// RUNNING row become C or F, a re-run config's row moved to the end and every id renumbered).
    /// So: each log file's `stat` first; an unchanged file keeps its rows' stamps; a changed one
    /// is parsed (`MaletLog`) and each row's stamp hashes its typed values with the file's header
    /// (static configs, column names) — a row whose values, id or typing moved is read again, the
    /// others are not. Run keys are the run ids; `RunStamps.order` keeps the rows' order (the
    /// natural order), `RunStamps.marks` each file's `stat`. A file that cannot be parsed (being
    /// rewritten) reads the whole store again, which says why in its warnings.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        var stamps = RunStamps(runs: [:], store: 0)
        let previousOrder = previous.map { $0.order.sorted { $0.value < $1.value }.map(\.key) } ?? []
        for logs in try scan() {
            for file in logs.files {
                let source = withPrefix(logs.source, file.idPrefix)
                var signature = Hasher()
                signature.combine(FileSignature.of(file.path))
                let mark = Int64(signature.finalize())
                stamps.marks[file.path] = mark
                if let previous, previous.marks[file.path] == mark {
                    for key in previousOrder where Self.isRow(key, ofLogPrefixed: source.idPrefix) {
                        stamps.runs[key] = previous.runs[key]
                        stamps.order[key] = stamps.order.count
                    }
                    continue
                }
                guard let bytes = try? PosixFileSystem.bytes(file.path), let log = try? MaletLog.parse(bytes, path: file.path) else {
                    stamps.rereadAll = true
                    continue
                }
                var header = Hasher()
                header.combine(source.folder)
                header.combine(log.staticConfigs)
                header.combine(log.gridFields)
                header.combine(log.metricFields)
                let headerStamp = header.finalize()
                for row in log.rows {
                    var hasher = Hasher()
                    hasher.combine(headerStamp)
                    hasher.combine(row.values)
                    hasher.combine(row.tupleColumns)
                    hasher.combine(row.gridTexts)
                    let key = source.idPrefix + row.id
                    stamps.runs[key] = hasher.finalize()
                    stamps.order[key] = stamps.order.count
                }
            }
        }
        return stamps
    }

    package func stampKey(of run: Run) -> String { run.info.runID }

    /// The order of the rows (`RunStamps.order`); a run not there last.
    package func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool {
        (stamps.order[lhs.info.runID] ?? Int.max) < (stamps.order[rhs.info.runID] ?? Int.max)
    }

    /// A warning about a log file holding one of the runs keyed `keys` (a re-read of those runs
    /// reads that file again). A row's unknown-status warning is said again only when its own
    /// row is read again.
    package func concerns(_ warning: LoadWarning, runKeys keys: Set<String>) -> Bool {
        guard let experiments = try? scan() else { return true }
        for logs in experiments {
            for file in logs.files where file.path == warning.path {
                let prefix = logs.source.idPrefix + file.idPrefix
                return keys.contains { Self.isRow($0, ofLogPrefixed: prefix) }
            }
        }
        return false
    }
}
