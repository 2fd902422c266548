import RunKitModel

extension ConfigValue {
    /// The member `key` of a JSON object (no dotted path), nil for anything else.
    ///
    /// ```swift
    /// try JSONParser.parse(#"{"a.b": 1}"#).member("a.b")   // 1
    /// ```
    func member(_ key: String) -> ConfigValue? { mapValue?[key] }

    /// The member `key` as text: a string, or a number written as JSON writes it (protobuf's
    /// JSON may write int64 fields as strings).
    func text(_ key: String) -> String? {
        switch member(key) {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        default: return nil
        }
    }

    /// The member `key` as an integer (a JSON number, or a string holding one: int64 fields).
    func integer(_ key: String) -> Int64? {
        switch member(key) {
        case .int(let number)?: return Int64(number)
        case .string(let text)?: return Int64(text)
        case .double(let number)?: return number.rounded() == number ? Int64(exactly: number) : nil
        default: return nil
        }
    }

    /// The member `key` as a metric value: a number, or protobuf JSON's `"NaN"`, `"Infinity"`, `"-Infinity"`.
    func metricValue(_ key: String) -> Double? {
        switch member(key) {
        case .double(let number)?: return number
        case .int(let number)?: return Double(number)
        case .string(let text)?: return Double(text) ?? (text == "NaN" ? .nan : nil)
        default: return nil
        }
    }

    /// The member `key` as a list (absent: empty).
    func list(_ key: String) -> [ConfigValue] { member(key)?.listValue ?? [] }
}
