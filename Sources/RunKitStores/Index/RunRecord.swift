import OrderedCollections
import RunKitModel

/// A run as the index stores it: everything a full load gives except the metric history, which
/// stays in the store and is read on first use, as for a run loaded without the index.
///
/// ```swift
/// let bytes = RunRecord.encode(run)
/// let back = try RunRecord.decode(bytes) { try store.history(of: run) }
/// ```
enum RunRecord {
    /// Bumped whenever the layout below changes; an index written with another version is rebuilt.
    static let formatVersion = 2

    /// The record's bytes; the same run always gives the same bytes (dictionary keys sorted), so
    /// a refresh rewrites only the records that changed.
    static func encode(_ run: Run) -> [UInt8] {
        var writer = ByteWriter()
        let info = run.info
        for text in [info.runID, info.runName, info.experimentID, info.experimentName, info.status.rawValue, info.lifecycleStage] {
            writer.write(text)
        }
        writer.write(info.startTime)
        writer.write(info.endTime)
        for text in [info.userID, info.runDirectory, info.artifactsDirectory] { writer.write(text) }
        writeMap(info.raw, into: &writer)
        write(run.config, into: &writer)
        writeStrings(run.params, into: &writer)
        let metrics = run.metrics   // built once: a run of a layout builds it on each read
        writer.write(count: metrics.count)
        for key in metrics.keys.sorted() {
            writer.write(key)
            writer.write(metrics[key]!)
        }
        writer.write(count: run.metricValues.count)
        for key in run.metricValues.keys.sorted() {
            writer.write(key)
            write(run.metricValues[key]!, into: &writer)
        }
        writeStrings(run.tags, into: &writer)
        return writer.bytes
    }

    /// The run a record holds; `history` is handed to the run and called on first use.
    /// Throws `ByteReader.Truncated` for a damaged record.
    static func decode(_ bytes: UnsafeRawBufferPointer,
                       history: @escaping @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>) throws -> Run {
        var reader = ByteReader(bytes)
        let runID = try reader.string(), runName = try reader.string()
        let experimentID = try reader.string(), experimentName = try reader.string()
        guard let status = RunStatus(rawValue: try reader.string()) else { throw ByteReader.Truncated() }
        let lifecycleStage = try reader.string()
        let startTime = try reader.optionalSigned(), endTime = try reader.optionalSigned()
        let userID = try reader.optionalString(), runDirectory = try reader.optionalString()
        let artifactsDirectory = try reader.optionalString()
        let raw = try readMap(&reader)
        let info = RunInfo(runID: runID, runName: runName, experimentID: experimentID, experimentName: experimentName,
                           status: status, lifecycleStage: lifecycleStage, startTime: startTime, endTime: endTime,
                           userID: userID, runDirectory: runDirectory, artifactsDirectory: artifactsDirectory, raw: raw)
        let config = try read(&reader)
        let params = try readStrings(&reader)
        var metrics: [String: Double] = [:]
        let metricCount = try reader.count()
        metrics.reserveCapacity(metricCount)
        for _ in 0..<metricCount { metrics[try reader.string()] = try reader.double() }
        var metricValues: [String: ConfigValue] = [:]
        for _ in 0..<(try reader.count()) { metricValues[try reader.string()] = try read(&reader) }
        let tags = try readStrings(&reader)
        guard reader.isAtEnd else { throw ByteReader.Truncated() }
        return Run(info: info, config: config, params: params, metrics: metrics, metricValues: metricValues,
                   tags: tags, history: history)
    }

    /// A config tree alone, in the record's value format (the index's config cache).
    static func encode(_ value: ConfigValue) -> [UInt8] {
        var writer = ByteWriter(capacity: 512)
        write(value, into: &writer)
        return writer.bytes
    }

    /// Reads what `encode(_: ConfigValue)` wrote.
    static func decodeValue(_ bytes: [UInt8]) throws -> ConfigValue {
        try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            let value = try read(&reader)
            guard reader.isAtEnd else { throw ByteReader.Truncated() }
            return value
        }
    }

    private static func writeStrings(_ dictionary: [String: String], into writer: inout ByteWriter) {
        writer.write(count: dictionary.count)
        for key in dictionary.keys.sorted() {
            writer.write(key)
            writer.write(dictionary[key]!)
        }
    }

    private static func readStrings(_ reader: inout ByteReader) throws -> [String: String] {
        let count = try reader.count()
        var result: [String: String] = [:]
        result.reserveCapacity(count)
        for _ in 0..<count { result[try reader.string()] = try reader.string() }
        return result
    }

    private static func writeMap(_ map: OrderedDictionary<String, ConfigValue>, into writer: inout ByteWriter) {
        writer.write(count: map.count)
        for (key, value) in map {
            writer.write(key)
            write(value, into: &writer)
        }
    }

    private static func readMap(_ reader: inout ByteReader) throws -> OrderedDictionary<String, ConfigValue> {
        let count = try reader.count()
        var map = OrderedDictionary<String, ConfigValue>(minimumCapacity: count)
        for _ in 0..<count { map[try reader.string()] = try read(&reader) }
        return map
    }

    private static func write(_ value: ConfigValue, into writer: inout ByteWriter) {
        switch value {
        case .null: writer.write(UInt8(0))
        case .bool(let b): writer.write(UInt8(b ? 2 : 1))
        case .int(let i): writer.write(UInt8(3)); writer.writeSigned(Int64(i))
        case .double(let d): writer.write(UInt8(4)); writer.write(d)
        case .string(let s): writer.write(UInt8(5)); writer.write(s)
        case .list(let items):
            writer.write(UInt8(6))
            writer.write(count: items.count)
            for item in items { write(item, into: &writer) }
        case .map(let map): writer.write(UInt8(7)); writeMap(map, into: &writer)
        }
    }

    private static func read(_ reader: inout ByteReader) throws -> ConfigValue {
        switch try reader.byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(Int(try reader.signed()))
        case 4: return .double(try reader.double())
        case 5: return .string(try reader.string())
        case 6:
            let count = try reader.count()
            var items: [ConfigValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try read(&reader)) }
            return .list(items)
        case 7: return .map(try readMap(&reader))
        default: throw ByteReader.Truncated()
        }
    }
}
