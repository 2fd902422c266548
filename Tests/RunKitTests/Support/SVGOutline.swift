import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed back with Foundation's `XMLParser`: nil when it is not well-formed
/// XML; else the element names in order, the texts of `<text>` elements, and each element's attributes.
struct SVGOutline {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []

    static func parse(_ svg: String) -> SVGOutline? {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse(), delegate.outline.elements.first?.name == "svg" else { return nil }
        return delegate.outline
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }

    private final class Delegate: NSObject, XMLParserDelegate {
        var outline = SVGOutline()
        private var text: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            outline.elements.append((name, attributes))
            if name == "text" { text = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", let text { outline.texts.append(text) }
            if name == "text" { text = nil }
        }
    }
}
