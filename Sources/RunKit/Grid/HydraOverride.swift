/// One Hydra command-line override (`model.width=16,32`, `+seed=1`, `~dropout`,
/// `db@backend=mysql`), parsed as Hydra's `OverridesParser` parses it.
///
/// ```swift
/// let override = try HydraOverride.parse("optimizer.lr=10.,1.")
/// override.keyElement                          // "optimizer.lr"
/// try override.renderedValues()                // ["10.0", "1.0"]
/// ```
package struct HydraOverride: Sendable, Hashable {
    /// Hydra's override types.
    package enum Kind: String, Sendable, Hashable {
        /// `key=value`.
        case change = "CHANGE"
        /// `+key=value`.
        case add = "ADD"
        /// `++key=value`.
        case forceAdd = "FORCE_ADD"
        /// `~key` or `~key=value`.
        case delete = "DEL"
    }

    /// The override as given.
    package var input: String
    package var kind: Kind
    /// The key or config group, without prefix or package (`db`, `model.width`).
    package var keyOrGroup: String
    /// The package after `@`, if any.
    package var package: String?
    /// The value; nil for `~key` without one.
    var value: HydraParsed?

    /// The key as Hydra writes it in a job: prefix, key and package (`+new`, `db@backend`, `~key`).
    package var keyElement: String {
        let prefix: String
        switch kind {
        case .change: prefix = ""
        case .add: prefix = "+"
        case .forceAdd: prefix = "++"
        case .delete: prefix = "~"
        }
        return prefix + keyOrGroup + (package.map { "@" + $0 } ?? "")
    }

    /// True for a sweep (`a=1,2`, `choice(…)`, `range(…)`, `glob(…)`, `interval(…)`).
    package var isSweep: Bool {
        if case .sweep? = value { return true }
        return false
    }

    /// Hydra's value type: `ELEMENT`, `SIMPLE_CHOICE_SWEEP`, `CHOICE_SWEEP`, `RANGE_SWEEP`,
    /// `GLOB_CHOICE_SWEEP`, `INTERVAL_SWEEP`, or nil for `~key` without value.
    package var valueType: String? {
        switch value {
        case .element?: return "ELEMENT"
        case .sweep(let sweep)?: return sweep.typeName
        case nil: return nil
        }
    }

    /// The values a job takes, in the sweeper's order (one for a non-sweep; `null` for `~key`).
    /// `configGroups` lists each config group's options, for `glob(…)`.
    package func values(configGroups: [String: [String]] = [:]) throws -> [HydraElement] {
        do {
            switch value {
            case nil: return [.null]
            case .element(let element)?: return [element]
            case .sweep(let sweep)?: return try sweep.values(options: configGroups[keyOrGroup] ?? [], key: keyElement)
            }
        } catch let error as RunKitError {
            throw RunKitError(.invalidArgument, "In the override '\(input)': \(Self.clause(error.description))")
        }
    }

    /// The values as Hydra renders them after `=` in a job.
    package func renderedValues(configGroups: [String: [String]] = [:]) throws -> [String] {
        try values(configGroups: configGroups).map(\.rendered)
    }

    /// Parses one override. Errors are `invalidArgument` sentences quoting the override and
    /// saying where it breaks.
    package static func parse(_ input: String) throws -> HydraOverride {
        let characters = Array(input)
        var index = 0
        var kind = Kind.change
        if characters.first == "~" { kind = .delete; index = 1 }
        else if characters.starts(with: ["+", "+"]) { kind = .forceAdd; index = 2 }
        else if characters.first == "+" { kind = .add; index = 1 }
        func failure(_ message: String, at offset: Int) -> RunKitError {
            RunKitError(.invalidArgument, "Cannot parse the override '\(input)': \(message) (at character \(offset + 1)).", offset: offset)
        }
        let keyStart = index
        let keyCharacters = "_-$./"
        while index < characters.count, characters[index] != "=" {
            let character = characters[index]
            guard character.isLetter || character.isNumber || keyCharacters.contains(character) || character == "@" else {
                throw failure("'\(character)' cannot be part of a key", at: index)
            }
            index += 1
        }
        let key = String(characters[keyStart..<index])
        guard !key.isEmpty else { throw failure("the key is missing", at: keyStart) }
        let parts = key.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        if parts[0].isEmpty { throw failure("the key is missing before '@'", at: keyStart) }
        if parts.count == 2, parts[1].contains("@") { throw failure("a key has one '@' at most", at: keyStart) }
        var override = HydraOverride(input: input, kind: kind, keyOrGroup: String(parts[0]),
                                     package: parts.count == 2 ? String(parts[1]) : nil, value: nil)
        guard index < characters.count else {
            guard kind == .delete else { throw failure("missing '=' after the key", at: index) }
            return override
        }
        // '=' and the whitespace after it belong to the key part (EQUAL: '=' WS?).
        index += 1
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        do {
            override.value = try HydraOverrideParser.parseValue(characters, from: index)
        } catch let error as RunKitError {
            throw failure(Self.clause(error.description), at: error.offset ?? index)
        }
        return override
    }

    /// A message as a clause: no final period, first letter kept.
    static func clause(_ message: String) -> String {
        message.hasSuffix(".") ? String(message.dropLast()) : message
    }
}
