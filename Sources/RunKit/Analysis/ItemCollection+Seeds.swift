import Foundation
import OrderedCollections

extension ItemCollection where Element == Run {
    /// Every config key that varies across these runs except `excluded` (and keys under them):
    /// the keys to group by so that each group holds one config's seeds ("group by everything
    /// except the seed"). `excluded` may be written `seed`, `config.seed` or `seed__value`; each
    /// must be a key some run has (else `keyNotFound`, catching typos).
    ///
    /// ```swift
    /// try runs.varyingKeys(except: ["seed"])   // ["config.model.type", "config.optimizer.lr"]
    /// ```
    public func varyingKeys(except excluded: [String]) throws -> [String] {
        try requireKeys(excluded)
        let names = excluded.map { key in
            let parsed = FieldKey(key.replacingOccurrences(of: "__", with: "."))
            return [.bare, .config].contains(parsed.namespace) ? parsed.name : parsed.description
        }
        return varyingKeys(prefix: "config").filter { key in
            let name = FieldKey(key).name
            return !names.contains { name == $0 || name.hasPrefix($0 + ".") }
        }
    }

    /// The groups of `keys` that lack some seed, or whose runs of a seed all failed, relative to
    /// the grid of seeds seen: every combination of `seeds` values some run has. One row per
    /// such group: its keys, `runs`, `missing` and `failed` (lists of seed values; a list of
    /// lists for several seed keys) and `rerun`, Hydra overrides that run exactly those
    /// (`python app.py -m OVERRIDES`, or `runkit sweep --dir DIR OVERRIDES -- CMD`). A run
    /// FINISHED, RUNNING or SCHEDULED counts as present; FAILED and KILLED ones as failed.
    /// `expected`, when given, is the grid of seeds instead of those seen (a sweep's: see
    /// `Grid.seedCombinations(_:)`); a run with a seed outside it still counts as present.
    /// `groups`, when given, are the seeds each group should have by its values
    /// (`Grid.seedCombinations(_:by:)`): a group listed there is checked against its own seeds
    /// (others against `expected`), and a listed group with no run is a row of its own (`runs`
    /// 0, every seed missing). `rerun`, when given, is the note's command that reruns them (a
    /// sweep folder's own).
    ///
    /// ```swift
    /// let report = try runs.seedCheck(by: try runs.varyingKeys(except: ["seed"]), seeds: ["seed"])
    /// report.rowCount   // 0: every config has every seed
    /// ```
    public func seedCheck(by keys: [String], seeds: [String], expected: [ConfigValue]? = nil,
                          groups: OrderedDictionary<[ConfigValue], [ConfigValue]>? = nil, rerun command: String? = nil) throws -> Table {
        try requireKeys(seeds)
        func combination(_ run: Run) -> ConfigValue {
            let values = seeds.map { run.value(for: $0) ?? .null }
            return values.count == 1 ? values[0] : .list(values)
        }
        var grid: [ConfigValue] = []
        for seed in expected ?? map(combination) where !grid.contains(seed) { grid.append(seed) }
        grid.sort(by: ConfigValue.sortsBefore)
        var rows: [[ConfigValue]] = []
        var unseen = groups ?? [:]
        func row(_ values: [ConfigValue?], runs: Int, missing: [ConfigValue], failed: [ConfigValue]) -> [ConfigValue] {
            let rerun = grid.filter { missing.contains($0) || failed.contains($0) } + missing.filter { !grid.contains($0) }
            return values.map { $0 ?? .null } + [.int(runs), .list(missing), .list(failed),
                                                  .string(Self.overrides(keys: keys, values: values, seeds: seeds, rerun: rerun))]
        }
        for group in try grouped(by: keys) {
            let expectedSeeds = unseen.removeValue(forKey: group.values.map { $0 ?? .null })?.sorted(by: ConfigValue.sortsBefore) ?? grid
            var present: [ConfigValue] = []
            var failed: [ConfigValue] = []
            for run in group.items {
                let seed = combination(run)
                if [.failed, .killed].contains(run.info.status) {
                    if !failed.contains(seed) { failed.append(seed) }
                } else if !present.contains(seed) {
                    present.append(seed)
                }
            }
            failed = expectedSeeds.filter { failed.contains($0) && !present.contains($0) }
            let missing = expectedSeeds.filter { !present.contains($0) && !failed.contains($0) }
            guard !missing.isEmpty || !failed.isEmpty else { continue }
            rows.append(row(group.values, runs: group.count, missing: missing, failed: failed))
        }
        // Groups of the grid no run has: every seed of theirs is missing.
        for (values, seedsOfGroup) in unseen {
            rows.append(row(values.map { $0 == .null ? nil : $0 }, runs: 0, missing: seedsOfGroup.sorted(by: ConfigValue.sortsBefore), failed: []))
        }
        var table = try Table(columns: keys + ["runs", "missing", "failed", "rerun"], rows: rows)
        let seen = expected == nil && groups == nil ? "seen" : "of the grid"
        let how = command ?? "python APP.py -m RERUN (Hydra), or runkit sweep --dir DIR RERUN -- CMD"
        table.notes = [rows.isEmpty ? "every group has every one of the \(grid.count) seeds \(seen)"
                                    : "\(rows.count) groups lack some of the \(grid.count) seeds \(seen); rerun them with: \(how)"]
        return table
    }

    /// Hydra overrides as shell words: `model.type=cnn optimizer.lr=0.1 seed=2,3` (config keys
    /// without their `config.` prefix; several seed keys as one line per seed combination,
    /// joined by ` ; `).
    private static func overrides(keys: [String], values: [ConfigValue?], seeds: [String], rerun: [ConfigValue]) -> String {
        func name(_ key: String) -> String {
            let parsed = FieldKey(key)
            return parsed.namespace == .config || parsed.namespace == .bare ? parsed.name : key
        }
        func text(_ value: ConfigValue) -> String {
            if case .string(let string) = value {
                let plain = !string.isEmpty && string.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
                return plain ? string : "'" + string.replacingOccurrences(of: "'", with: "\\'") + "'"
            }
            return JSONWriter.string(value)
        }
        // A key the group lacks is left out (Hydra would set it to null otherwise).
        let fixed = zip(keys, values).compactMap { key, value in value.map { name(key) + "=" + text($0) } }
        if seeds.count == 1 {
            return ShellWord.line(fixed + [name(seeds[0]) + "=" + rerun.map(text).joined(separator: ",")])
        }
        return rerun.map { combination in
            ShellWord.line(fixed + zip(seeds, combination.listValue ?? []).map { name($0) + "=" + text($1) })
        }.joined(separator: " ; ")
    }
}
