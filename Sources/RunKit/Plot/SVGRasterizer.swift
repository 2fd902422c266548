import Foundation

/// Turns an SVG file into a PNG with a converter found on `PATH`: headless Chromium (`chromium`,
/// `chromium-browser`, `google-chrome`), which renders as a browser does, else `rsvg-convert`
/// (librsvg). There is no built-in rasterizer.
///
/// ```swift
/// if let converter = SVGRasterizer.find() {
///     try SVGRasterizer.png(svg: "loss.svg", png: "loss.png", width: 760, height: 460, using: converter)
/// }
/// ```
public enum SVGRasterizer {
    /// A converter program and its path.
    public enum Converter: Sendable, Hashable {
        case chromium(String)
        case rsvgConvert(String)

        /// The program's path.
        public var path: String {
            switch self {
            case .chromium(let path), .rsvgConvert(let path): return path
            }
        }
    }

    /// The first converter on `PATH` (of `environment`, by default the process's), or nil.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> Converter? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let program = { (name: String) in
            folders.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if let path = program(name) { return .chromium(path) }
        }
        return program("rsvg-convert").map(Converter.rsvgConvert)
    }

    /// Writes `png` from `svg` at `scale` × the SVG's size (2: sharp on high-density screens),
    /// atomically (`AtomicFile`: the converter writes a temporary file that is renamed over `png`).
    /// Throws `unreadableFile` when the converter fails or writes nothing.
    public static func png(svg: String, png: String, width: Double, height: Double, scale: Double = 2, using converter: Converter) throws {
        try AtomicFile.replace(png, suffix: ".png") { temporary in
            try convert(svg: svg, png: temporary, width: width, height: height, scale: scale, using: converter)
        }
    }

    private static func convert(svg: String, png: String, width: Double, height: Double, scale: Double, using converter: Converter) throws {
        let svgURL = URL(fileURLWithPath: svg).standardizedFileURL
        let pngURL = URL(fileURLWithPath: png).standardizedFileURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter.path)
        var profile: URL?
        switch converter {
        case .chromium:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runkit-chromium-\(UUID().uuidString)")
            profile = folder
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                 "--user-data-dir=\(folder.path)", "--force-device-scale-factor=\(scale)",
                                 "--window-size=\(Int(width.rounded(.up))),\(Int(height.rounded(.up)))",
                                 "--screenshot=\(pngURL.path)", svgURL.absoluteString]
        case .rsvgConvert:
            process.arguments = ["--zoom", "\(scale)", "--background-color", "white", "--output", pngURL.path, svgURL.path]
        }
        defer { if let profile { try? FileManager.default.removeItem(at: profile) } }   // our temporary profile: best effort
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pngURL.path) else {
            let last = message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw RunKitError(.unreadableFile, "\(converter.path) could not turn \(svg) into a PNG: \(last)", path: svg)
        }
    }
}
