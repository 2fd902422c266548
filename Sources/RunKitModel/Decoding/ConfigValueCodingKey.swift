/// A coding key `ConfigValueDecoder` makes itself: a list index (`Index 2`, int value 2, as
/// `JSONDecoder` names one) or `super`.
struct ConfigValueCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }
}
