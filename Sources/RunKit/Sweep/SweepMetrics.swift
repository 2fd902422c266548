import OrderedCollections

/// The metrics a run reported: JSON lines appended to the file named by `RUNKIT_METRICS`.
///
/// ```
/// {"step": 1, "loss": 0.9, "acc": 0.5}
/// {"step": 2, "loss": 0.7, "acc": 0.6}
/// {"best_acc": 0.6, "note": "converged"}
/// ```
///
/// A metric reported with a `step` becomes a list in step order (one value per step, a later
/// line for the same step replacing an earlier one: a resumed run may report a step again);
/// without `step`, the last value reported is the metric. A line that is not a JSON object (a
/// line cut short by a kill) is skipped and counted.
enum SweepMetrics {
    struct Parsed {
        var values: OrderedDictionary<String, ConfigValue> = [:]
        var badLines = 0
    }

    static func parse(_ text: String) -> Parsed {
        var stepped = OrderedDictionary<String, [(step: Double, value: ConfigValue)]>()
        var latest = OrderedDictionary<String, ConfigValue>()
        var order: [String] = []
        var result = Parsed()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let object = (try? JSONParser.parse(String(line)))?.mapValue else { result.badLines += 1; continue }
            let step = object["step"]?.doubleValue
            for (key, value) in object where key != "step" {
                if !order.contains(key) { order.append(key) }
                if let step {
                    var entries = stepped[key, default: []]
                    entries.removeAll { $0.step == step }
                    entries.append((step, value))
                    stepped[key] = entries
                } else {
                    latest[key] = value
                }
            }
        }
        for key in order {
            if let entries = stepped[key] {
                result.values[key] = .list(entries.sorted { $0.step < $1.step }.map(\.value))
            } else if let value = latest[key] {
                result.values[key] = value
            }
        }
        return result
    }
}
