import Testing
@testable import RunKit
@testable import RunKitFormats
@testable import RunKitStores
@testable import RunKitSupport

/// Every escaping table writes the same bytes for the awkward characters: quotes, backslash,
/// control characters, non-ASCII, `&<>`, `%`, `?#`, Hydra's and Markdown's specials, and a
/// noncharacter (U+FFFE).
@Suite("One text escaper, one table per caller")
struct TextEscaperTests {
    static let awkward = "a'b\"c\\d\ne\tf\rg\u{01}h\u{7F}i é日本 &<> %?# |(x)[y]{z}:=,\u{FFFE}"

    @Test("the escaper: table entries replaced, others kept, the fallback for scalars not in the table")
    func escaper() {
        let escaper = TextEscaper(["a": "A", "é": "E", "\u{0}": ""]) { $0.value == 0x7F ? "<DEL>" : nil }
        #expect(escaper.escaped("bcd") == "bcd")
        #expect(escaper.escaped("") == "")
        #expect(escaper.escaped("xa\u{0}é\u{7F}日") == "xAE<DEL>日")
        #expect(escaper.escaped("aaa") == "AAA")
        #expect(escaper.escaped("日本") == "日本")
    }

    @Test("XML text (SVG labels): entities, forbidden characters dropped, tab and line breaks kept")
    func xml() {
        #expect(SVGDocument.escape(Self.awkward)
            == "a&apos;b&quot;c\\d\ne\tf\rgh\u{7F}i é日本 &amp;&lt;&gt; %?# |(x)[y]{z}:=,")
        #expect(SVGDocument.escape("\u{FFFF}\u{10000}") == "\u{10000}")
    }

    @Test("SQLite URI file names: % ? # percent-encoded")
    func sqliteURI() {
        #expect(LiveSQLiteDatabase.uri("/d/" + Self.awkward, query: "immutable=1")
            == "file:///d/a'b\"c\\d\ne\tf\rg\u{01}h\u{7F}i é日本 &<> %25%3f%23 |(x)[y]{z}:=,\u{FFFE}?immutable=1")
    }

    @Test("Python repr of a string: the quote, backslash, line breaks, \\xNN for control characters")
    func pythonRepr() {
        #expect(PythonRepr.string(Self.awkward)
            == "'a\\'b\"c\\\\d\\ne\\tf\\rg\\x01h\\x7fi é日本 &<> %?# |(x)[y]{z}:=,\u{FFFE}'")
        #expect(PythonRepr.string("it's\n\"") == "'it\\'s\\n\"'")
        #expect(PythonRepr.string("it's\n\\") == "\"it's\\n\\\\\"")
        #expect(PythonRepr.string("") == "''")
    }

    @Test("PyYAML double-quoted scalar: \\\" \\\\ \\n \\t \\r and \\xNN")
    func pyYAML() {
        #expect(PyYAMLDump.scalar(.string(Self.awkward))
            == "\"a'b\\\"c\\\\d\\ne\\tf\\rg\\x01h\\x7fi é日本 &<> %?# |(x)[y]{z}:=,\u{FFFE}\"")
    }

    @Test("Hydra override value: specials backslash-escaped")
    func hydra() {
        #expect(HydraElement.escaped(Self.awkward)
            == "a'b\"c\\\\d\ne\\\tf\rg\u{01}h\u{7F}i\\ é日本\\ &<>\\ %?#\\ |\\(x\\)\\[y\\]\\{z\\}\\:\\=\\,\u{FFFE}")
        #expect(HydraElement.escaped("plain_text") == "plain_text")
        // Per code point, as Hydra's Python does: a space with a combining accent is still a space.
        #expect(HydraElement.escaped("a \u{301}b") == "a\\ \u{301}b")
    }

    @Test("Markdown cell: | escaped, line breaks a space, control characters U+FFFD")
    func markdown() {
        #expect(RowsRenderer.markdownEscaped(Self.awkward)
            == "a'b\"c\\d e\tf g\u{FFFD}h\u{FFFD}i é日本 &<> %?# \\|(x)[y]{z}:=,\u{FFFE}")
    }
}
