extension ConfigValue {
    /// The value as a query compares it with `literal`: a string that reads as a number (`"0.01"`,
    /// `"1e-05"`) becomes that number when the literal is a number, so `params.lr > 0.005` works on
    /// MLflow's string params. Everything else is left as it is.
    func coerced(toward literal: ConfigValue) -> ConfigValue {
        guard case .string(let text) = self, literal.isNumber, let number = Self.number(reading: text) else { return self }
        return .double(number)
    }

    /// Equality in a query: `looselyEquals` after `coerced(toward:)` (`10 == 10.0`, `1 == true`,
    /// `"0.1" == 0.1`, but `1 != "1"`).
    func queryEquals(_ literal: ConfigValue) -> Bool {
        coerced(toward: literal).looselyEquals(literal)
    }

    /// Ordering in a query: `orderedComparison` after `coerced(toward:)`; nil when the two cannot
    /// be ordered (null, NaN, different kinds).
    func queryOrder(_ literal: ConfigValue) -> Int? {
        ConfigValue.orderedComparison(coerced(toward: literal), literal)
    }

    /// The number a string reads as in decimal or exponent notation (`nan`, `inf` too, as Python's
    /// `float` reads them); nil for anything else, hexadecimal included.
    static func number(reading text: String) -> Double? {
        guard let first = text.utf8.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
                || first == UInt8(ascii: "n") || first == UInt8(ascii: "N") || first == UInt8(ascii: "i") || first == UInt8(ascii: "I"),
              !text.utf8.contains(where: { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") })
        else { return nil }
        return Double(text)
    }
}
