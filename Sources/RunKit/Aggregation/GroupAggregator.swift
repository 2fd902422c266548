@_spi(RunKitInternals) import RunKitSupport

/// Computes the aggregated table of some groups: each (group, aggregation) cell on its own, groups
/// spread over the cores; builds the notes about ragged curves.
struct GroupAggregator<Item: Sendable>: Sendable {
    let groups: [ItemGroup<Item>]
    let keys: [String]
    let aggregations: [Aggregation<Item>]
    let alignment: CurveAlignment
    /// Each group's values of the aggregated keys, when already read (nil: read per group).
    var values: [[String: [ConfigValue?]]]? = nil

    /// One cell's answer: its value, or the error, and a note.
    private struct Cell: Sendable {
        var value: ConfigValue = .null
        var error: RunKitError?
        var note: String?
    }

    func table() throws -> Table {
        try checkKeys()
        let keysRead = Array(Set(aggregations.compactMap(\.key)))
        let cells = ParallelSlots.map(groups.count) { index in
            // Each key read once per group, however many aggregations use it.
            let group = groups[index]
            var values = self.values?[index] ?? [:]
            for key in keysRead where values[key] == nil { values[key] = group.items.columnValues(key) }
            return aggregations.map { cell(group, $0, values) }
        }
        var notes: [String] = []
        for row in cells {
            for cell in row {
                if let error = cell.error { throw error }
                if let note = cell.note { notes.append(note) }
            }
        }
        var columns = keys.enumerated().map { position, key in
            TableColumn(key, values: groups.map { $0.values[position] ?? .null })
        }
        for (position, aggregation) in aggregations.enumerated() {
            columns.append(TableColumn(aggregation.name, values: cells.map { $0[position].value }))
        }
        var table = try Table(columns)
        table.notes = notes
        return table
    }

    /// `keyNotFound` for an aggregation key that no run of any group has (from the values already
    /// read when there are some).
    private func checkKeys() throws {
        for key in Set(aggregations.compactMap(\.key)) {
            let anyHas = groups.indices.contains { index in
                if let read = values?[index][key] { return read.contains { $0 != nil } }
                let items = groups[index].items
                return items.contains { items.lookup($0, key) != nil }
            }
            if !anyHas, let group = groups.first { throw group.items.keyNotFound(key) }
        }
    }

    private func cell(_ group: ItemGroup<Item>, _ aggregation: Aggregation<Item>, _ values: [String: [ConfigValue?]]) -> Cell {
        do {
            if let custom = aggregation.custom { return Cell(value: try custom(group)) }
            guard let statistic = aggregation.statistic else { return Cell() }
            guard let key = aggregation.key else { return Cell(value: .int(group.count)) }
            let result = try statistic.compute(values[key] ?? group.items.columnValues(key), alignment: alignment)
            var cell = Cell(value: result.value)
            if let (shortest, longest) = result.lengths, shortest != longest {
                cell.note = alignment == .shortest
                    ? "\(aggregation.name): the curves of group \(describe(group)) have \(shortest) to \(longest) values; cut to the shortest, \(shortest)."
                    : "\(aggregation.name): the curves of group \(describe(group)) have \(shortest) to \(longest) values; the steps after \(shortest) aggregate only the runs that reached them."
            }
            return cell
        } catch let error as RunKitError {
            return Cell(error: RunKitError(error.kind, "\(aggregation.name) in group \(describe(group)): \(error.message)"))
        } catch {
            return Cell(error: RunKitError(.invalidArgument, "\(aggregation.name) in group \(describe(group)): \(error)"))
        }
    }

    /// `model.type=cnn, seed=1` (`(all runs)` without keys; `missing` for a key the runs lack).
    private func describe(_ group: ItemGroup<Item>) -> String {
        guard !group.keys.isEmpty else { return "(all runs)" }
        return zip(group.keys, group.values).map { key, value in
            "\(key)=\(value.map { JSONWriter.string($0) } ?? "missing")"
        }.joined(separator: ", ")
    }
}
