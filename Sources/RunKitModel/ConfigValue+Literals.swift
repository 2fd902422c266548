import OrderedCollections

extension ConfigValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension ConfigValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension ConfigValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension ConfigValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension ConfigValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension ConfigValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: ConfigValue...) { self = .list(elements) }
}

extension ConfigValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        var map = OrderedDictionary<String, ConfigValue>()
        for (key, value) in elements { map[key] = value }
        self = .map(map)
    }
}
