import Foundation
import OrderedCollections
import Testing
@testable import RunKit
@testable import RunKitFormats

/// The OmegaConf fast path must agree exactly with Yams whenever it answers.
@Suite("OmegaConfYAML")
struct OmegaConfYAMLTests {
    // MARK: Helpers

    /// Structural equality with no loosening: same kinds (`1` is not `1.0`, `true` is not `1`),
    /// same map key order, strings compared byte for byte, NaN equal to NaN, `-0.0` not `0.0`.
    static func identical(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)):
            return x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x, y).allSatisfy {
                $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value)
            }
        default: return false
        }
    }

    /// Checks the fast path against Yams on `text`; returns whether the fast path answered.
    @discardableResult
    static func checkAgainstYams(_ text: String, _ name: String = "", sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = OmegaConfYAML.parse(text) else { return false }
        let reference: ConfigValue
        do {
            reference = try YAMLReader.parseWithYams(text)
        } catch {
            Issue.record("fast path accepted \(name) but Yams rejects it: \(error)\n\(text)", sourceLocation: sourceLocation)
            return true
        }
        #expect(identical(fast, reference), "\(name): fast \(fast) != Yams \(reference)\n\(text)", sourceLocation: sourceLocation)
        return true
    }

    static func yamlFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { files.append(root + "/" + relative) }
        }
        return files.sorted()
    }

    /// The conformance corpus beside the repository, when this checkout has it.
    static var corpusRoot: String? {
        let repo = URL(fileURLWithPath: Fixtures.root).deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [repo.deletingLastPathComponent().appendingPathComponent("shared/corpus").path, "/work/shared/corpus"]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    static func checkFiles(_ files: [String]) -> (handled: Set<String>, total: Int) {
        var handled = Set<String>()
        var total = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file),
                  let text = String(data: data, encoding: .utf8) else { continue }
            total += 1
            if checkAgainstYams(text, file) { handled.insert(file) }
        }
        return (handled, total)
    }

    /// The files OmegaConf, MLflow and MLXP write that the fast path must always take.
    static func mustBeHandled(_ file: String) -> Bool {
        file.hasSuffix("/.hydra/config.yaml") || file.hasSuffix("/.hydra/overrides.yaml") || file.hasSuffix("/meta.yaml")
    }

    // MARK: Files

    @Test func agreesWithYamsOnEveryFixtureFile() throws {
        let files = Self.yamlFiles(under: Fixtures.root)
        #expect(files.count >= 100)
        let (handled, total) = Self.checkFiles(files)
        #expect(total == files.count)
        let required = files.filter(Self.mustBeHandled)
        #expect(required.count >= 80)
        for file in required {
            #expect(handled.contains(file), "fast path did not handle \(file)")
        }
    }

    @Test func agreesWithYamsOnTheCorpus() throws {
        guard let root = Self.corpusRoot else { return }
        let files = Self.yamlFiles(under: root)
        let (handled, _) = Self.checkFiles(files)
        for file in files where Self.mustBeHandled(file) || file.hasSuffix("/metadata/config.yaml") || file.hasSuffix("/metadata/info.yaml") {
            #expect(handled.contains(file), "fast path did not handle \(file)")
        }
    }

    /// Damaged copies of the fixture files: whenever the fast path still answers, Yams must agree.
    @Test func agreesWithYamsOnMutatedFixtures() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let pieces = [" ", "  ", "\n", "- ", ": ", ":", "#", " #x", "'", "''", "\"", "\\n", "{}", "[]", "[a]", "{a: 1}", "&a ", "*a",
                      "!!str ", "|", ">", "---", "...", "? ", "\t", "\r", "1", "1e5", "-.5", "0x1F", "1_0", "yes", "~", "é", "\u{85}",
                      "<<", "%", "@", "`", ",", "\u{FEFF}", "\\x41", "\\u00e9", "\\", "-", "1.", ".5", "+1", "00", "null"]
        let originals = Self.yamlFiles(under: Fixtures.root).compactMap { file -> String? in
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            return String(data: data, encoding: .utf8)
        }
        var handled = 0
        for original in originals {
            let bytes = Array(original.utf8)
            for _ in 0..<150 {
                var mutated = bytes
                for _ in 0..<Int(generator.next() % 2 + 1) {
                    let position = Int(generator.next() % UInt64(mutated.count + 1))
                    switch generator.next() % 3 {
                    case 0:
                        let piece = Array(pieces[Int(generator.next() % UInt64(pieces.count))].utf8)
                        mutated.insert(contentsOf: piece, at: position)
                    case 1:
                        if position < mutated.count { mutated.remove(at: position) }
                    default:
                        let lineStart = mutated[..<position].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                        mutated.insert(contentsOf: Array(repeating: UInt8(ascii: " "), count: Int(generator.next() % 3) + 1), at: lineStart)
                    }
                }
                guard let text = String(bytes: mutated, encoding: .utf8) else { continue }
                if Self.checkAgainstYams(text, "mutation") { handled += 1 }
            }
        }
        #expect(handled > 200)
    }

    /// Generated documents from the subset's building blocks, nested at random.
    @Test func agreesWithYamsOnGeneratedDocuments() throws {
        var generator = SplitMix64(seed: 42)
        let scalars = ["a", "mlp", "1", "-1", "+1", "007", "09", "1.5", "1.", ".5", "-.5", "1e5", "1.0e-05", "1E+3", "1_000", "0x1F", "0o17",
                       "12345678901234567890", "true", "False", "yes", "NO", "on", "Off", "null", "Null", "~", ".nan", ".NaN", ".inf",
                       "-.Inf", "+.inf", "2024-01-02", "12:30", "=", "<<", "'yes'", "'1e-3'", "'it''s'", "''", "\"\"", "\"a\\tb\\u00e9\"",
                       "'[flip, crop]'", "a b  c", "a:b", "http://x.y/z", "x # comment", "${now:%H}", "é∂", "1:30", "-", "a: b",
                       "{}", "[]", "[1]", "{a: 1}", "&x 1", "*x", "!!str 1", "| x", "\"\\x00\"", "\"\\/\"", "'a''", "a #", "-a", "n",
                       "y", "Y", "NULL", "TRUE", "0", "-0", "-0.0", "1e400", ".5e-3", ".5e3", "9223372036854775807", "9223372036854775808"]
        let keys = ["a", "b", "model", "lr", "'yes'", "\"q k\"", "1", "null", "~", "a b", "x.y", "-k", "<<", "'a'", "a"]
        var handled = 0
        for _ in 0..<1500 {
            var lines: [String] = []
            func emit(_ depth: Int, indent: Int, inSequenceItem prefix: String?) {
                var firstPrefix = prefix
                func line(_ text: String) {
                    if let p = firstPrefix { lines.append(p + text); firstPrefix = nil } else { lines.append(String(repeating: " ", count: indent) + text) }
                }
                let count = Int(generator.next() % 3) + 1
                if generator.next() % 2 == 0 {
                    for _ in 0..<count {
                        let key = keys[Int(generator.next() % UInt64(keys.count))]
                        if depth < 3 && generator.next() % 3 == 0 {
                            line(key + ":")
                            let sameIndent = generator.next() % 2 == 0
                            emit(depth + 1, indent: sameIndent ? indent : indent + 2, inSequenceItem: nil)
                        } else {
                            line(key + ": " + scalars[Int(generator.next() % UInt64(scalars.count))])
                        }
                    }
                } else {
                    for _ in 0..<count {
                        if depth < 3 && generator.next() % 3 == 0 {
                            let itemPrefix = (firstPrefix ?? String(repeating: " ", count: indent)) + "- "
                            firstPrefix = nil
                            emit(depth + 1, indent: indent + 2, inSequenceItem: itemPrefix)
                        } else {
                            line("- " + scalars[Int(generator.next() % UInt64(scalars.count))])
                        }
                    }
                }
            }
            emit(0, indent: 0, inSequenceItem: nil)
            if Self.checkAgainstYams(lines.joined(separator: "\n") + "\n", "generated") { handled += 1 }
        }
        #expect(handled > 100)
    }

    // MARK: Targeted cases

    @Test func handlesTheSubset() throws {
        let cases: [(String, ConfigValue)] = [
            ("model:\n  type: mlp\n  lr: 1e-3\n", ["model": ["type": "mlp", "lr": .double(0.001)]]),
            ("a: 'yes'\nb: yes\nc: '1e-3'\nd: 1.0e-05\n", ["a": "yes", "b": true, "c": "1e-3", "d": .double(1.0e-5)]),
            ("- '[flip, crop]'\n- model=mlp\n", ["[flip, crop]", "model=mlp"]),
            ("key: 'it''s'\n", ["key": "it's"]),
            ("a:\nb: ''\nc: null\nd: ~\n", ["a": nil, "b": "", "c": nil, "d": nil]),
            ("name: héllo wörld ✓\n", ["name": "héllo wörld ✓"]),
            ("a: 1   \nb: x  \n", ["a": 1, "b": "x"]),
            ("# header\na: 1 # trailing\n\n  # indented comment\nb: 'x' # c\n", ["a": 1, "b": "x"]),
            ("augment:\n- flip\n- crop\nseed: 1\n", ["augment": ["flip", "crop"], "seed": 1]),
            ("augment:\n  - flip\nseed: 1\n", ["augment": ["flip"], "seed": 1]),
            ("runs:\n- id: 1\n  name: a\n- id: 2\n  tags: []\n", ["runs": [["id": 1, "name": "a"], ["id": 2, "tags": .list([])]]]),
            ("- - a\n  - b\n- - c\n", [["a", "b"], ["c"]]),
            ("tags: {}\nlist: []\n", ["tags": .map([:]), "list": .list([])]),
            ("{}\n", .map([:])),
            ("[]\n", .list([])),
            ("", .map([:])),
            ("# only a comment\n", .map([:])),
            ("---\na: 1\n", ["a": 1]),
            ("url: http://x.y/z?q=1\nt: '12:30'\n", ["url": "http://x.y/z?q=1", "t": "12:30"]),
            ("a: \"tab\\there \\u00e9 \\\" \\\\\"\n", ["a": "tab\there é \" \\"]),
            ("'quoted key': 1\n\"dq\": 2\n", ["quoted key": 1, "dq": 2]),
            ("x: .nan\ny: -.inf\nz: 12345678901234567890\n", ["x": .double(.nan), "y": .double(-.infinity), "z": "12345678901234567890"]),
            ("- \n-\n- a\n", [nil, nil, "a"]),
            ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", ["a": ["b": ["c": 1], "d": 2], "e": 3]),
            ("- a:\n  - x\n  b: 1\n", [["a": ["x"], "b": 1]]),
        ]
        for (text, expected) in cases {
            let fast = OmegaConfYAML.parse(text)
            #expect(fast != nil, "fast path refused:\n\(text)")
            if let fast { #expect(Self.identical(fast, expected), "\(text): got \(fast)") }
            Self.checkAgainstYams(text)
        }
    }

    @Test func leavesEverythingElseToYams() throws {
        let refused = [
            "a: b: c\n",                         // a mapping value inside a plain scalar
            "a: 1\r\nb: 2\r\n",                  // CRLF
            "a:\tb\n",                           // tab
            "a: [flip, crop]\n",                 // flow sequence with content
            "a: {b: 1}\n",                       // flow mapping with content
            "a: &x 1\nb: *x\n",                  // anchor and alias
            "a: !!str 1\n",                      // tag
            "a: |\n  text\n",                    // literal block scalar
            "a: >\n  text\n",                    // folded block scalar
            "a: long\n  continued\n",            // multi-line plain scalar
            "a: 'long\n  continued'\n",          // multi-line quoted scalar
            "a: \"long\\\n  continued\"\n",      // escaped line break
            "? a\n: 1\n",                        // complex key
            "a: 1\n---\nb: 2\n",                 // two documents
            "a: 1\n...\n",                       // document end
            "%YAML 1.1\n---\na: 1\n",            // directive
            "a: 1\na: 2\n",                      // duplicate key
            "a: 1\n'a': 2\n",                    // duplicate key, quoted
            "x: 1_000\n",                        // Yams and the subset type underscores differently
            "x: -.5\n",                          // Yams reads it as a string, typedPlainScalar as a double
            "x: 0x1F\n",                         // hexadecimal
            "a: 1\n  b: 2\n",                    // bad indentation
            "a:\n    b: 1\n  c: 2\n",            // bad dedent
            "- a\n  b: 1\n",                     // continuation of an item
            "just a scalar\n",                   // a root scalar
            "a: 'x'y\n",                         // junk after a quoted scalar
            "a: -\n",                            // a sequence entry as a value
            "---\n",                             // an empty document after a marker
            "\u{FEFF}a: 1\n",                    // byte-order mark
            "a: \"\\q\"\n",                      // unknown escape
            "a: \"\\ud800\"\n",                  // surrogate escape
            "<<: {}\n",                          // merge key
        ]
        for text in refused {
            #expect(OmegaConfYAML.parse(text) == nil, "fast path should refuse:\n\(text)")
        }
    }

    @Test func typesPlainScalarsLikeYams() throws {
        let scalars = ["1", "-1", "+1", "007", "09", "0", "-0", "1.5", "1.", ".5", "1e5", "1E-3", "1.0e+05", "-1.5e-3", ".5e-3",
                       "9223372036854775807", "9223372036854775808", "-9223372036854775808", "true", "True", "TRUE", "yes", "No",
                       "on", "OFF", "null", "Null", "NULL", "~", ".nan", ".NaN", ".NAN", ".inf", "+.Inf", "-.INF", "2024-01-02",
                       "12:30", "1:30", "=", "n", "y", "nil", "none", "None", "1e", "e5", "1.2.3", "+", "-a", "1-2", "0o17", "0b101"]
        for scalar in scalars {
            let text = "v: \(scalar)\n"
            let fast = OmegaConfYAML.parse(text)
            if fast == nil { continue }
            Self.checkAgainstYams(text)
            Self.checkAgainstYams("- \(scalar)\n")
        }
    }
}
