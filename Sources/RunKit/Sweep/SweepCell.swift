/// The text of a log cell, as malet's `to_tsv` writes a value (`DataFrame.to_csv`): None and NaN
/// empty, floats as `repr`, strings as they are, other values as Python's `str()`; a list grid
/// value as a tuple (`(64, 64)`, `(128,)`), since malet stores list grid values as tuples.
///
/// ```swift
/// SweepCell.grid([64, 64])     // "(64, 64)"
/// SweepCell.metric([0.5, 0.25]) // "[0.5, 0.25]"
/// ```
enum SweepCell {
    static func grid(_ value: ConfigValue) -> String {
        cell(value, tuple: true)
    }

    static func metric(_ value: ConfigValue) -> String {
        cell(value, tuple: false)
    }

    private static func cell(_ value: ConfigValue, tuple: Bool) -> String {
        switch value {
        case .null: return ""
        case .double(let number) where number.isNaN: return ""
        case .list: return PythonRepr.str(value, tuple: tuple)
        default: return PythonRepr.str(value)
        }
    }
}
