import Foundation
import OrderedCollections
import RunKitModel
import RunKitSupport

/// Parses one MLXP metrics file, `metrics/<log>.json`: one JSON object per line, appended by
/// `logger.log_metrics(dict, log_name)`, with keys that vary from line to line.
///
/// ```swift
/// let parsed = MLXPMetricsFile.parse(bytes, path: "logs/1/metrics/train.json", logName: "train")
/// parsed.series["train.loss"]   // one point per line holding "loss", step = its index
/// ```
///
/// Each key becomes the series `<log>.<key>` (MLXP's field name) of the values of the lines
/// holding it, in line order: step 0, 1, 2, … among those lines, no timestamp. Values keep their
/// JSON type (`MetricPoint(typed:)`); Python's `NaN`, `Infinity` and `-Infinity` tokens are read.
/// A line that is not a JSON object gives a warning naming the file and line; every good line is
/// kept.
///
/// MLXP appends each line whole, then its newline. A last line without a newline is still being
/// written: read when it is already a whole JSON object (a JSON object cannot be cut and stay
/// valid), else left out with a note saying so, not a warning of damage.
enum MLXPMetricsFile {
    static func parse(_ bytes: [UInt8], path: String, logName: String)
        -> (series: OrderedDictionary<String, [MetricPoint]>, warnings: [LoadWarning]) {
        var series = OrderedDictionary<String, [MetricPoint]>()
        var warnings: [LoadWarning] = []
        var names: [String: String] = [:]   // "loss" → "train.loss", made once per key
        var object: [(key: String, value: ConfigValue)] = []   // one line's members, storage reused
        var lineNumber = 0, lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let range = lineStart..<lineEnd
            let isUnterminated = lineEnd == bytes.count
            lineStart = lineEnd + 1
            if bytes[range].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                guard try JSONParser.members(bytes, in: range, into: &object) else {
                    warnings.append(LoadWarning(path: path, message: "\(path) line \(lineNumber) is not a JSON object; the line was skipped."))
                    continue
                }
            } catch where isUnterminated {
                warnings.append(.note(path: path, message: "\(path) line \(lineNumber) has no newline yet: it is still being written, and was not read."))
                continue
            } catch {
                let reason = "\(error)".replacingOccurrences(of: "invalid JSON ", with: "")
                warnings.append(LoadWarning(path: path, message: "\(path) line \(lineNumber) is not valid JSON (\(reason)); the line was skipped, the other lines were read."))
                continue
            }
            for (key, value) in object {
                let name: String
                if let known = names[key] { name = known } else { name = logName + "." + key; names[key] = name }
                if let index = series.index(forKey: name) {
                    let step = Int64(series.values[index].count)
                    series.values[index].append(MetricPoint(step: step, timestamp: nil, typed: value))
                } else {
                    series[name] = [MetricPoint(step: 0, timestamp: nil, typed: value)]
                }
            }
        }
        return (series, warnings)
    }
}
