/// Colour-blind-safe colours: Okabe & Ito's eight (blue, vermillion, green, orange, purple, sky
/// blue, yellow, black), then the same with dashed lines so series 9–16 stay apart.
///
/// ```swift
/// PlotPalette.color(0)   // "#0072B2"
/// PlotPalette.dash(8)    // "6 3": the second round of colours is dashed
/// ```
public enum PlotPalette {
    /// The Okabe–Ito colours, in the order series get them.
    public static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// The colour of series `index`.
    public static func color(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }

    /// The dash array of series `index`'s line: nil (solid) for the first eight.
    public static func dash(_ index: Int) -> String? {
        let dashes: [String?] = [nil, "6 3", "2 3", "8 3 2 3"]
        return dashes[(index / okabeIto.count) % dashes.count]
    }
}
