extension HydraElement {
    /// The element that gives `value` back when Hydra parses its rendering: a string that would
    /// read as something else (`'001'`, `'true'`, `'1,2'`) is quoted.
    ///
    /// ```swift
    /// HydraElement(configValue: "001").rendered          // "'001'"
    /// HydraElement(configValue: [64, 64]).rendered       // "[64,64]"
    /// ```
    package init(configValue value: ConfigValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number):
            // Python writes 1.5e-07, which Hydra's lexer reads as a string (an exponent has no
            // leading 0): such a float is written as the text 1.5e-7, which Hydra reads as a float.
            let text = HydraElement.floatText(number, readable: true)
            self = text.contains("e") ? .string(text) : .float(number)
        case .string(let text):
            let plain = HydraElement.string(text)
            // Probing whether Hydra reads the text back as the same string: a parse error means it does not.
            let reparsed = try? HydraOverrideParser.parseValue(Array(plain.rendered), from: 0)
            if reparsed == .element(plain) {
                self = plain
            } else {
                self = .quoted(text, quote: text.contains("'") && !text.contains("\"") ? "\"" : "'")
            }
        case .list(let items): self = .list(items.map(HydraElement.init(configValue:)))
        case .map(let map):
            self = .dict(map.map { HydraDictEntry(key: HydraElement(configValue: .string($0.key)), value: HydraElement(configValue: $0.value)) })
        }
    }
}
