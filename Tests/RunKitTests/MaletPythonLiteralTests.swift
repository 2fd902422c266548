import Foundation
import Testing
@testable import RunKit
@testable import RunKitFormats

@Suite("malet: Python literals (ast.literal_eval)")
struct MaletPythonLiteralTests {
    /// Text → the value `ast.literal_eval` gives (with `inf`/`nan` as floats).
    static let accepted: [(String, ConfigValue)] = [
        // numbers
        ("0", 0), ("-12", -12), ("+7", 7), ("1_000", 1000), ("0x1F", 31), ("0X1f", 31), ("0o17", 15),
        ("0b101", 5), ("0x_ff", 255), ("00", 0),
        ("1.5", 1.5), ("1.", 1.0), (".5", 0.5), ("1e-10", 1e-10), ("1E5", 100000.0), ("1.e2", 100.0),
        ("0.30000000000000004", 0.30000000000000004), ("2e+308", .double(.infinity)), ("00.5", 0.5),
        ("9223372036854775807", .int(Int.max)), ("9223372036854775808", 9223372036854775808.0),
        // inf and nan: only the names themselves
        ("inf", .double(.infinity)), ("-inf", .double(-.infinity)), ("+inf", .double(.infinity)),
        // names
        ("True", true), ("False", false), ("None", .null),
        // strings
        ("'abc'", "abc"), ("\"it's\"", "it's"), ("'a' \"b\"", "ab"), ("'tab\\there'", "tab\there"),
        ("'\\x41\\u00e9\\U0001F600\\101'", "Aé😀A"), ("r'\\d+'", "\\d+"), ("u'x'", "x"), ("'''a'b'''", "a'b"),
        ("'unknown \\d escape'", "unknown \\d escape"), ("'μ-law café'", "μ-law café"),
        // containers
        ("[]", []), ("[1, 2,]", [1, 2]), ("[[1, 2], [3]]", [[1, 2], [3]]), ("[1.0, nan]", [1.0, .double(.nan)]),
        ("[\n  1,  # one\n  2\n]", [1, 2]), ("()", []), ("(1)", 1), ("{}", .map([:])),
        ("{'a': 1, 'b': [1.5, None]}", ["a": 1, "b": [1.5, .null]]), ("{1: 'x', None: 0, (1, 2): 'y'}", ["1": "x", "None": 0, "(1, 2)": "y"]),
        ("{1, 2}", [1, 2]), ("set()", []),
        // the whole text only; blanks and comments around are fine
        ("  42 ", 42), ("\t[1]\n", [1]), ("1 # comment", 1),
    ]

    /// Text `ast.literal_eval` refuses (or that RunKit keeps as text: bytes, complex numbers).
    static let rejected: [String] = [
        "007", "1__0", "1_",
        "1j", "1+2j", "1 + 2", "1e", "1abc", ".",
        "info", "banana", "nano", "nan_skipped_step", "Infinity",
        "true", "-True", "--1",
        "'open", "'line\nbreak'", "b'bytes'", "f'{x}'",
        "{[1]: 2}", "{{}, 1}", "[1 2]", "[1,,2]",
        "{'a' 1}", "[1, 2", "x, y",
        "1 2", "", "  ",
        "2026-11-21 18:35:25.299771", "0 days 00:00:00.073950", "dd374b2d96",
    ]

    @Test("literal_eval's answers", arguments: accepted)
    func literal(_ text: String, _ expected: ConfigValue) {
        let parsed = PythonLiteral.parse(text)
        #expect(parsed.map { MaletExpected.identical($0, expected) } == true,
                "\(text.debugDescription) → \(parsed.map { JSONWriter.string($0) } ?? "nil"), expected \(JSONWriter.string(expected))")
    }

    @Test("not literals: the caller keeps the text", arguments: rejected)
    func notLiteral(_ text: String) {
        let parsed = PythonLiteral.parse(text)
        #expect(parsed == nil, "\(text.debugDescription) → \(JSONWriter.string(parsed ?? .null))")
    }

    @Test("nan in a list is a NaN element")
    func nanInList() throws {
        let list = try #require(PythonLiteral.parse("[1.032484, 0.503309, nan, 0.303762]")?.listValue)
        #expect(list.count == 4 && list[2].doubleValue?.isNaN == true && list[3] == .double(0.303762))
        #expect(PythonLiteral.parse("nan")?.doubleValue?.isNaN == true)
        #expect(PythonLiteral.parse("-nan")?.doubleValue?.isNaN == true)
    }

    @Test("tuples are told from lists at the top", arguments: [
        ("(64, 64)", true), ("(128,)", true), ("()", true), ("1, 2", true), ("1,", true), ("('x', 0)", true),
        ("((1, 2))", true), ("[64, 64]", false), ("(1)", false), ("{1, 2}", false), ("[(1, 2)]", false),
    ])
    func tuples(_ text: String, _ isTuple: Bool) throws {
        let parsed = try #require(PythonLiteral.parseDetailed(text), "\(text)")
        #expect(parsed.isTuple == isTuple, "\(text)")
    }

    @Test("decimal numbers round exactly as strtod rounds them, on the fast path and off it")
    func decimalRounding() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var texts = ["0.1", "0.3", "1e22", "1e23", "9007199254740993", "123456789012345e-22", "0.000001",
                     "4.9e-324", "1.7976931348623157e308", "2.2250738585072014e-308", "-0.0", "1_0.5e1_0"]
        for _ in 0..<5_000 {
            let double = Double(bitPattern: next())
            guard double.isFinite else { continue }
            texts.append(double.description)
            texts.append(String(format: "%.\(next() % 17 + 1)g", double))
            texts.append("\(next() % 1_000_000).\(next() % 1_000)e\(Int(next() % 40) - 20)")
        }
        var mismatches: [String] = []
        for text in texts {
            let parsed = text.utf8.withContiguousStorageIfAvailable { PythonLiteral.decimalDouble($0) } ?? nil
            let reference = Double(text.replacingOccurrences(of: "_", with: ""))
            if parsed?.bitPattern != reference?.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(texts.count > 10_000)
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() {
        #expect(PythonLiteral.parse(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)) == nil)
        #expect(PythonLiteral.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) != nil)
    }
}
