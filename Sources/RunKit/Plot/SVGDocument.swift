import Foundation
import RunKitSupport

/// A small SVG builder: shapes and text in pixel coordinates, rendered as one standalone SVG
/// document (white background, no external fonts, styles or scripts). Text is XML-escaped.
///
/// ```swift
/// var svg = SVGDocument(width: 200, height: 100)
/// svg.line(x1: 10, y1: 90, x2: 190, y2: 10, stroke: "#0072B2")
/// svg.text("loss < 0.5 & rising", x: 100, y: 20, anchor: .middle)
/// let text = svg.rendered()   // "<?xml …?><svg …>…</svg>"
/// ```
public struct SVGDocument: Sendable {
    /// Where a text's `x` is: its start, middle or end.
    public enum TextAnchor: String, Sendable {
        case start, middle, end
    }

    /// The width in pixels.
    public let width: Double
    /// The height in pixels.
    public let height: Double
    private var elements: [String] = []

    /// An empty document of this size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A rectangle.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                              strokeWidth: Double = 1, opacity: Double? = nil, title: String? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(Swift.max(0, width)))\" height=\"\(Self.number(Swift.max(0, height)))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\"" }
        if let opacity { attributes += " fill-opacity=\"\(Self.number(opacity))\"" }
        add("rect", attributes, title: title)
    }

    /// A straight line; `dash` is an SVG dash array (`"4 3"`).
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        var attributes = "x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        add("line", attributes)
    }

    /// An open line through `points` (nothing for fewer than two points).
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dash: String? = nil,
                                  opacity: Double? = nil, title: String? = nil) {
        guard points.count > 1 else { return }
        var attributes = "points=\"\(Self.pointList(points))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        if let opacity { attributes += " stroke-opacity=\"\(Self.number(opacity))\"" }
        add("polyline", attributes, title: title)
    }

    /// A filled closed shape through `points` (a band between two curves).
    public mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double = 1) {
        guard points.count > 2 else { return }
        add("polygon", "points=\"\(Self.pointList(points))\" fill=\"\(fill)\" fill-opacity=\"\(Self.number(opacity))\" stroke=\"none\"")
    }

    /// A circle (a scatter point); `title` becomes its tooltip.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, opacity: Double = 1, title: String? = nil) {
        var attributes = "cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\" fill=\"\(fill)\" fill-opacity=\"\(Self.number(opacity))\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        add("circle", attributes, title: title)
    }

    /// Text whose baseline is at `y` (use `y + size * 0.35` to centre it vertically); `rotation`
    /// in degrees turns it around (`x`, `y`), `-90` for a vertical axis label.
    public mutating func text(_ text: String, x: Double, y: Double, size: Double = 12, anchor: TextAnchor = .start,
                              fill: String = "#222222", bold: Bool = false, rotation: Double? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotation { attributes += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\"" }
        elements.append("<text \(attributes)>\(Self.escape(text))</text>")
    }

    /// The whole document.
    public func rendered() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for element in elements { out += element + "\n" }
        out += "</svg>\n"
        return out
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0 forbids dropped.
    ///
    /// ```swift
    /// SVGDocument.escape("a<b & 'c'")   // "a&lt;b &amp; &apos;c&apos;"
    /// ```
    public static func escape(_ text: String) -> String {
        xmlText.escaped(text)
    }

    /// XML's five entities; the C0 controls but tab and line breaks, U+FFFE and U+FFFF dropped.
    private static let xmlText = TextEscaper(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;",
                                              "\t": "\t", "\n": "\n", "\r": "\r"]) { scalar in
        scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "" : nil
    }

    /// The width `text` takes at `size` pixels, estimated (DejaVu Sans averages ~0.6 em per character):
    /// what the layout uses to keep labels from overlapping.
    public static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// A coordinate with at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    private static func pointList(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    private mutating func add(_ name: String, _ attributes: String, title: String? = nil) {
        if let title {
            elements.append("<\(name) \(attributes)><title>\(Self.escape(title))</title></\(name)>")
        } else {
            elements.append("<\(name) \(attributes)/>")
        }
    }
}
