/// Parses one metric file of MLflow's file store (`metrics/<key>`): one point per line,
/// `<timestamp_ms> <value> <step>` separated by single spaces, as MLflow appends them.
///
/// Also read: 2-field lines `<timestamp> <value>` of old MLflow versions (step 0) and longer lines
/// (newer versions append `<dataset_name> <dataset_digest>`; the first three fields are taken).
/// Values are Python floats: `nan`, `inf`, `-inf`, `NaN`, `Infinity`, … in any case. Blank lines are
/// ignored. A malformed line is skipped and reported (file and line number); the good lines are kept.
///
/// MLflow appends each point as one line ending with `\n`, so a last line without one is still
/// being written (`1795285956708 0.9 1` may be the start of step 12): it is not read, and
/// `partialLine` says so.
///
/// ```swift
/// let parsed = MLflowMetricFile.parse(Array("1795285956708 0.9 0\n1795285956709 nan 1\n".utf8), path: "metrics/loss")
/// parsed.points.count   // 2
/// ```
enum MLflowMetricFile {
    struct Parsed: Sendable {
        /// The points in file (append) order, duplicates kept.
        var points: [MetricPoint]
        /// One warning naming the file and the first malformed line, when there were any.
        var warning: LoadWarning?
        /// A note naming the file's last line when it has no newline yet (a run still logging).
        var partialLine: LoadWarning?
    }

    static func parse(_ bytes: [UInt8], path: String) -> Parsed {
        var points: [MetricPoint] = []
        var badCount = 0
        var firstBad: (line: Int, text: String)?
        var partialLine: LoadWarning?
        bytes.withUnsafeBufferPointer { buffer in
            var lineNumber = 0
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                lineNumber += 1
                if end == buffer.count {
                    if !isBlank(UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                        partialLine = .note(path: path, message: "\(path) line \(lineNumber) has no newline yet: it is still being written, and was not read.")
                    }
                    break
                }
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                if let point = parseLine(line) {
                    points.append(point)
                } else if !isBlank(line) {
                    badCount += 1
                    if firstBad == nil { firstBad = (lineNumber, String(decoding: line, as: UTF8.self)) }
                }
                start = end + 1
            }
        }
        var warning: LoadWarning?
        if let firstBad {
            var shown = firstBad.text.trimmingWhitespace()
            if shown.count > 60 { shown = String(shown.prefix(60)) + "…" }
            let more = badCount > 1 ? " (\(badCount) malformed lines in all)" : ""
            warning = LoadWarning(path: path, message: "\(path) line \(firstBad.line): expected `timestamp value step`, found '\(shown)'; the line was skipped\(more).")
        }
        return Parsed(points: points, warning: warning, partialLine: partialLine)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy(isSpace)
    }

    /// One line as Python's `line.strip().split(" ")` sees it; nil when malformed or blank.
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>) -> MetricPoint? {
        var lower = 0, upper = line.count
        while lower < upper && isSpace(line[lower]) { lower += 1 }
        while upper > lower && isSpace(line[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        // The first three space-separated fields (without an array: this runs once per point).
        var fields = (lower..<lower, lower..<lower, lower..<lower)
        var count = 0
        var fieldStart = lower
        for index in lower...upper where index == upper || line[index] == 0x20 {
            switch count {
            case 0: fields.0 = fieldStart..<index
            case 1: fields.1 = fieldStart..<index
            default: fields.2 = fieldStart..<index
            }
            count += 1
            fieldStart = index + 1
            if count == 3 { break }
        }
        guard count >= 2,
              let timestamp = integer(line, fields.0),
              let value = double(line, fields.1) else { return nil }
        var step: Int64 = 0
        if count >= 3 {
            guard let parsed = integer(line, fields.2) else { return nil }
            step = parsed
        }
        return MetricPoint(step: step, timestamp: timestamp, value: value)
    }

    /// A Python `int` literal: optional sign, digits (`_` between digits allowed).
    private static func integer(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        guard index < range.upperBound else { return nil }
        var negative = false
        if line[index] == 0x2D || line[index] == 0x2B {
            negative = line[index] == 0x2D
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var result: Int64 = 0
        var previousWasDigit = false
        while index < range.upperBound {
            let byte = line[index]
            if byte == 0x5F, previousWasDigit, index + 1 < range.upperBound {
                previousWasDigit = false
                index += 1
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let digit = Int64(byte - 0x30)
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            result = added
            previousWasDigit = true
            index += 1
        }
        return previousWasDigit ? result : nil
    }

    /// A Python `float` literal: decimal or exponent notation, or `nan`/`inf`/`infinity` in any case, signed.
    private static func double(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty else { return nil }
        let slice = UnsafeBufferPointer(rebasing: line[range])
        var body = slice[...]
        var sign: Double = 1
        if let first = body.first, first == 0x2D || first == 0x2B {
            if first == 0x2D { sign = -1 }
            body = body.dropFirst()
        }
        if let first = body.first, (first | 0x20) == UInt8(ascii: "n") || (first | 0x20) == UInt8(ascii: "i") {
            let word = String(decoding: body, as: UTF8.self).lowercased()
            switch word {
            case "nan": return .nan
            case "inf", "infinity": return sign * .infinity
            default: return nil
            }
        }
        var sawDigit = false
        for byte in body {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x2E, 0x65, 0x45, 0x2B, 0x2D: break   // . e E + -
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        return Double(String(decoding: slice, as: UTF8.self))
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
