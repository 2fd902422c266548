/// One line of a plot's legend: a swatch (a line, a box or a dot) in a colour, and its label.
///
/// ```swift
/// PlotLegendEntry(label: "0.1 (n=3)", color: PlotPalette.color(0), mark: .line)
/// ```
public struct PlotLegendEntry: Sendable, Hashable {
    /// How the swatch looks.
    public enum Mark: Sendable, Hashable {
        case line, box, dot
    }

    /// The text.
    public var label: String
    /// The colour, `#rrggbb`.
    public var color: String
    /// The dash array of a line swatch, nil for solid.
    public var dash: String?
    /// The swatch.
    public var mark: Mark

    /// An entry.
    public init(label: String, color: String, dash: String? = nil, mark: Mark = .line) {
        self.label = label
        self.color = color
        self.dash = dash
        self.mark = mark
    }
}
