/// A config's identity in a log: FNV-1a (64 bits, hex) of its non-empty grid cells, by field
/// name. The same for a row and for the grid point it came from, whatever the column order,
/// and unchanged when a grid field is added later (old rows hold an empty cell for it).
enum SweepRunID {
    static func make(_ cells: some Sequence<(field: String, cell: String)>) -> String {
        var hash = FNV1a()
        for (field, cell) in cells.filter({ !$0.cell.isEmpty }).sorted(by: { $0.field < $1.field }) {
            hash.add(field.utf8 + [0x1F] + cell.utf8 + [0x1E])
        }
        return hash.hex
    }

    static func of(_ point: GridPoint) -> String {
        make(point.values.map { (field: $0.key, cell: SweepCell.grid($0.value)) })
    }

    static func of(row: [String], in log: ExperimentLogFile) -> String {
        make(zip(log.gridFields, row).map { (field: $0.0, cell: $0.1) })
    }
}
