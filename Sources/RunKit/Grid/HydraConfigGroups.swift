/// The config groups of a Hydra config directory and their options, for `glob(…)` sweeps: each
/// folder below the directory is a group (`db`, `model/encoder`), each `.yaml`/`.yml` file in
/// it an option (its name without extension), sorted as Hydra lists them.
///
/// ```swift
/// try HydraConfigGroups.scan("conf")   // ["db": ["mysql", "postgresql"], "model": ["resnet", "vit"]]
/// ```
package enum HydraConfigGroups {
    package static func scan(_ directory: String) throws -> [String: [String]] {
        guard PosixFileSystem.fileKind(directory) == .directory else {
            throw RunKitError(.storeNotFound, "The Hydra config directory \(directory) does not exist.", path: directory)
        }
        var groups: [String: [String]] = [:]
        func visit(_ folder: String, group: String) throws {
            for entry in try PosixFileSystem.entries(folder) ?? [] where !entry.name.hasPrefix(".") {
                if entry.isDirectory {
                    try visit(folder + "/" + entry.name, group: group.isEmpty ? entry.name : group + "/" + entry.name)
                } else if !group.isEmpty, entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") {
                    groups[group, default: []].append(String(entry.name.prefix { $0 != "." }))
                }
            }
        }
        try visit(directory, group: "")
        return groups.mapValues { $0.sorted() }
    }
}
