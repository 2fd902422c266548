extension ConfigValue: CustomStringConvertible, CustomDebugStringConvertible {
    /// The value as compact JSON: `"cnn"`, `0.1`, `[1, 2]`, `null`.
    ///
    /// ```swift
    /// print(ConfigValue.list(["flip", "crop"]))   // ["flip","crop"]
    /// ```
    public var description: String { JSONWriter.string(self) }

    public var debugDescription: String { JSONWriter.string(self) }
}
