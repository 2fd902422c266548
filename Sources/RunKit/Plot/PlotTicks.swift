import Foundation

/// Axis ticks on round numbers and their labels.
///
/// ```swift
/// PlotTicks.linear(0, 2.3, count: 5)       // [0, 0.5, 1, 1.5, 2]
/// PlotTicks.logarithmic(0.003, 40)          // [0.005, 0.01, 0.02, 0.05, …, 20]
/// PlotTicks.labels([0, 0.5, 1])             // ["0", "0.5", "1"]
/// PlotTicks.visible(positions: [0, 10, 20], extents: [30, 30, 30])   // [true, false, true]
/// ```
public enum PlotTicks {
    /// The tick step for about `count` ticks over `low...high`: 1, 2 or 5 × 10^k.
    public static func step(_ low: Double, _ high: Double, count: Int = 6) -> Double {
        let span = high - low
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(Swift.max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return factor * magnitude
    }

    /// Ticks at multiples of `step(low, high, count:)` inside `low...high`.
    public static func linear(_ low: Double, _ high: Double, count: Int = 6) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return low.isFinite ? [low] : [] }
        let step = step(low, high, count: count)
        let first = (low / step - 1e-9).rounded(.up)
        let last = (high / step + 1e-9).rounded(.down)
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { index in
            let value = index * step
            // Snap away float noise (0.30000000000000004 → 0.3).
            let digits = Swift.max(0, -Int((log10(step)).rounded(.down)) + 1)
            let snapped = (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
            return snapped == 0 ? 0 : snapped
        }
    }

    /// Ticks on a log axis: powers of ten, plus 2 and 5 × 10^k when the axis spans few decades
    /// (every 2, 3 … decades when it spans many), always at least two where the span allows.
    public static func logarithmic(_ low: Double, _ high: Double) -> [Double] {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return low > 0 && low.isFinite ? [low] : [] }
        let decades = log10(high) - log10(low)
        let firstPower = Int((log10(low)).rounded(.down)), lastPower = Int((log10(high)).rounded(.up))
        let multipliers: [Double] = decades < 0.7 ? [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9] : decades <= 3 ? [1, 2, 5] : [1]
        let every = Swift.max(1, Int((decades / 8).rounded(.up)))
        var ticks: [Double] = []
        for power in firstPower...lastPower where multipliers.count > 1 || power % every == 0 {
            for multiplier in multipliers {
                let value = Double("\(multiplier == 1.5 ? "1.5" : String(Int(multiplier)))e\(power)")!
                if value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) { ticks.append(value) }
            }
        }
        if ticks.count < 2 { return linear(low, high, count: 4).filter { $0 > 0 } }
        return ticks
    }

    /// Labels for ticks: as few decimals as tell them apart, exponent form (`1e-05`, `2e+06`) for
    /// very small or very large magnitudes.
    public static func labels(_ ticks: [Double]) -> [String] {
        let magnitudes = ticks.filter { $0 != 0 }.map { abs($0) }
        let useExponent = magnitudes.contains { $0 >= 1e6 || $0 < 1e-4 }
        return ticks.map { value in
            if value == 0 { return "0" }
            if useExponent, abs(value) >= 1e4 || abs(value) < 1e-3 { return exponent(value) }
            var decimals = 0
            while decimals < 10 {
                let scaled = abs(value) * pow(10, Double(decimals))
                if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { break }
                decimals += 1
            }
            return String(format: "%.\(decimals)f", value)
        }
    }

    /// `1e-05` → `1e-5`, `2e+06` → `2e6`.
    static func exponent(_ value: Double) -> String {
        let power = Int(log10(abs(value)).rounded(.down))
        var mantissa = String(format: "%.2f", value / pow(10, Double(power)))
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        if mantissa == "10" || mantissa == "-10" { return exponent(value * 1.0000001) }
        return mantissa + "e" + String(power)
    }

    /// A short label for any value (a heatmap cell, a tooltip): 4 significant digits.
    public static func label(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        if abs(value) >= 1e5 || abs(value) < 1e-3 { return exponent(value) }
        var text = String(format: "%.4g", value)
        if text.contains("e") { text = String(format: "%.4f", value) }
        if text.contains(".") { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
        return text
    }

    /// Which tick labels to show so none overlaps its neighbours: every k-th label for the
    /// smallest k that leaves `gap` pixels between them. `positions` are the labels' centres along
    /// the axis, `extents` their sizes along it.
    public static func visible(positions: [Double], extents: [Double], gap: Double = 6) -> [Bool] {
        guard positions.count > 1 else { return positions.map { _ in true } }
        for every in 1...positions.count {
            let shown = Array(stride(from: 0, to: positions.count, by: every))
            let fits = zip(shown, shown.dropFirst()).allSatisfy { a, b in
                abs(positions[b] - positions[a]) >= (extents[a] + extents[b]) / 2 + gap
            }
            if fits { return positions.indices.map { $0 % every == 0 } }
        }
        return positions.indices.map { $0 == 0 }
    }
}
