/// How values read in legends, category labels and tooltips.
enum PlotLabel {
    /// A string as it is, a missing value as `missing`, anything else as in JSON (`10.0`, `true`).
    static func value(_ value: ConfigValue?) -> String {
        guard let value else { return "missing" }
        if case .string(let text) = value { return text }
        return JSONWriter.string(value)
    }

    /// One group's values joined: `cnn, 0.1`.
    static func group(_ values: [ConfigValue?]) -> String {
        values.isEmpty ? "all runs" : values.map(value).joined(separator: ", ")
    }

    /// Groups' values in order: by value (`ConfigValue.sortsBefore`), missing last.
    static func sortedIndices(_ values: [[ConfigValue?]]) -> [Int] {
        values.indices.sorted { a, b in
            for (l, r) in zip(values[a], values[b]) {
                switch (l, r) {
                case (nil, nil): continue
                case (nil, _): return false
                case (_, nil): return true
                case let (l?, r?):
                    let order = ConfigValue.compare(l, r)
                    if order != 0 { return order < 0 }
                }
            }
            return a < b
        }
    }
}
