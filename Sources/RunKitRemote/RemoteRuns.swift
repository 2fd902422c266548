import Foundation
import OrderedCollections
import RunKitModel
import RunKitStores

/// What both remote stores do with the records they read: order them as MLflow does, read their
/// configs in parallel (a local artifacts folder, else through `readProxied`), and make `Run`s
/// whose histories are read when first asked for (or now, with `LoadOptions.includesHistory`).
enum RemoteRuns {
    /// The runs of `records` and the warnings of their configs. `readProxied` reads a file below the
    /// artifact root (`ArtifactPlace.proxied`; nil: no such file), `proxiedPath` names it in a
    /// warning, `history` makes a run's history reader.
    static func make(_ records: [RemoteRunRecord], _ options: LoadOptions, parallelism: Int,
                     readProxied: @escaping @Sendable (String) throws -> [UInt8]?,
                     proxiedPath: @escaping @Sendable (String) -> String,
                     history: (RemoteRunRecord) -> @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>) throws -> (runs: [Run], warnings: [LoadWarning]) {
        // MLflow's order (the SQLite store's): newest first, then by run id.
        let records = records.sorted { left, right in
            let l = left.info.startTime ?? .min, r = right.info.startTime ?? .min
            return l != r ? l > r : left.info.runID < right.info.runID
        }
        let sharing = ConfigValueSharing()
        let needles = options.projection.configTextNeedles.map { $0.map { Array($0.utf8) } }
        let readsConfig = options.projection.config
        let files = try RemoteWork.map(records.count, parallelism: parallelism) { index -> (config: ConfigValue, local: String?, warning: LoadWarning?) in
            switch ArtifactPlace(uri: records[index].artifactURI) {
            case .local(let folder):
                guard readsConfig else { return (.map([:]), folder, nil) }
                let (config, warning) = HydraConfigFile.read(artifactsDirectory: folder, sharing: sharing, needles: needles)
                return (config, folder, warning)
            case .proxied(let folder):
                guard readsConfig else { return (.map([:]), nil, nil) }
                let file = folder + "/" + HydraConfigFile.relativePath
                let (config, warning) = HydraConfigFile.parse(path: proxiedPath(file), needles: needles) { try readProxied(file) }
                return (sharing.share(config), nil, warning)
            case .elsewhere:
                return (.map([:]), nil, nil)
            }
        }
        let histories = options.includesHistory ? try records.map { try history($0)() } : nil
        let runs = records.indices.map { index -> Run in
            let record = records[index]
            var info = record.info
            info.artifactsDirectory = files[index].local
            info.runDirectory = files[index].local.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            let reader: @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>
            if let read = histories?[index] { reader = { read } } else { reader = history(record) }
            return Run(info: info, config: files[index].config, params: record.params, metrics: record.metrics, tags: record.tags,
                       history: reader)
        }
        return (runs, files.compactMap(\.warning))
    }
}
