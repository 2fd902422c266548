import ArgumentParser
import RunKit

/// `--by-all-except KEY[,KEY…]`, shared by `group`, `best` and `plot`: group by every config key
/// that varies among the selected runs except these (the seeds), instead of naming them in `--by`.
struct SeedArguments: ParsableArguments {
    @Option(name: .customLong("by-all-except"), help: ArgumentHelp(
        "Group by every varying config key except these (e.g. seed): each group is one config's seeds. Instead of --by.", valueName: "K1,K2"))
    var byAllExcept: String?

    /// The excluded keys (empty without the option).
    var excluded: [String] { TableOutputOptions.keys(byAllExcept) }

    /// Refuses `--by` together with `--by-all-except`.
    func validate(by: String?) throws {
        if byAllExcept != nil, by != nil { throw ValidationError("Give --by or --by-all-except, not both.") }
        if byAllExcept != nil, excluded.isEmpty { throw ValidationError("--by-all-except needs at least one key (e.g. seed).") }
    }

    /// The keys a load must read beyond `keys`: with `--by-all-except`, the whole config (which
    /// keys vary is known only once the runs are read) and the excluded keys.
    func projection(_ projection: RunProjection) -> RunProjection {
        guard byAllExcept != nil else { return projection }
        var projection = projection
        projection.include(FieldKey(namespace: .config, name: ""))
        for key in excluded { projection.include(FieldKey(key)) }
        return projection
    }

    /// `by` itself, or with `--by-all-except` every varying config key of `runs` but the excluded
    /// ones (and but `also`, e.g. best's `--choose` keys).
    func keys(by: [String], in runs: RunCollection, also: [String] = []) throws -> [String] {
        guard byAllExcept != nil else { return by }
        return try runs.varyingKeys(except: excluded + also)
    }
}
