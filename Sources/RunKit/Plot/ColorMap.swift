import Foundation

/// A sequential colour map for heatmaps: viridis (perceptually uniform, readable by the colour
/// blind and in greyscale), and the text colour that stays legible on each of its colours.
///
/// ```swift
/// ColorMap.viridis(0)          // "#440154" (dark purple)
/// ColorMap.viridis(1)          // "#fde725" (yellow)
/// ColorMap.textColor(on: 0)    // "#ffffff"
/// ```
public enum ColorMap {
    private static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// The colour at `fraction` (clamped to 0...1) along viridis, as `#rrggbb`.
    public static func viridis(_ fraction: Double) -> String {
        let (r, g, b) = rgb(fraction)
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// Black or white, whichever reads better on `viridis(fraction)`.
    public static func textColor(on fraction: Double) -> String {
        let (r, g, b) = rgb(fraction)
        let luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
        return luminance > 0.45 ? "#000000" : "#ffffff"
    }

    private static func rgb(_ fraction: Double) -> (Double, Double, Double) {
        let t = fraction.isFinite ? Swift.min(1, Swift.max(0, fraction)) : 0
        let position = t * Double(stops.count - 1)
        let index = Swift.min(Int(position), stops.count - 2)
        let f = position - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }
}
