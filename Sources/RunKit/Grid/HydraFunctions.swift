import Foundation

/// The functions of Hydra's override grammar (`grammar_functions.py`) that the basic sweeper
/// can run. `shuffle` is left out on purpose: its order is random, and a grid's order should
/// be the same every time it is expanded.
enum HydraFunctions {
    static let names = ["bool", "choice", "float", "glob", "int", "interval", "range", "sort", "str", "tag"]

    static func call(_ name: String, positional: [HydraParsed], named: [(String, HydraParsed)]) throws -> HydraParsed {
        func failure(_ message: String) -> RunKitError { HydraOverrideParser.failure(message, at: 0) }
        var options: [String: HydraParsed] = [:]
        for (key, value) in named {
            guard options.updateValue(value, forKey: key) == nil else { throw failure("\(name)(…) names the argument \(key) twice") }
        }
        func take(_ key: String) -> HydraParsed? { options.removeValue(forKey: key) }
        func finish() throws {
            if let extra = options.keys.sorted().first { throw failure("\(name)(…) has no argument named \(extra)") }
        }
        func flag(_ key: String) throws -> Bool {
            guard let value = take(key) else { return false }
            guard case .element(.bool(let flag)) = value else { throw failure("\(name)(…): \(key) must be true or false") }
            return flag
        }
        switch name {
        case "choice":
            if try flag("shuffle") { throw failure("choice(…, shuffle=true) gives a random order, which RunKit does not run; list the values in the order wanted") }
            try finish()
            guard !positional.isEmpty else { throw failure("empty choice is not legal") }
            return .sweep(.choice(try positional.map { try HydraOverrideParser.plain($0, "choice(…)") }, simple: false))
        case "range":
            var arguments = positional
            for key in ["start", "stop", "step"] { if let value = take(key) { arguments.append(value) } }
            if try flag("shuffle") { throw failure("range(…, shuffle=true) gives a random order, which RunKit does not run") }
            try finish()
            let elements = try arguments.map { try HydraOverrideParser.plain($0, "range(…)") }
            switch elements.count {
            case 1: return .sweep(.range(start: .int(0), stop: elements[0], step: .int(1)))
            case 2: return .sweep(.range(start: elements[0], stop: elements[1], step: .int(1)))
            case 3:
                return .sweep(.range(start: elements[0], stop: elements[1], step: elements[2]))
            default: throw failure("range(…) takes 1 to 3 arguments, not \(elements.count)")
            }
        case "interval":
            try finish()
            let elements = try positional.map { try HydraOverrideParser.plain($0, "interval(…)") }
            guard elements.count == 2 else { throw failure("interval(…) takes 2 arguments, not \(elements.count)") }
            return .sweep(.interval(elements[0], elements[1]))
        case "glob":
            var arguments = positional
            if let include = take("include") { arguments.insert(include, at: 0) }
            let exclude = try take("exclude").map { try patterns($0) } ?? []
            try finish()
            guard arguments.count == 1 else { throw failure("glob(…) takes one include pattern (or a list of them)") }
            return .sweep(.glob(include: try patterns(arguments[0]), exclude: exclude))
        case "sort":
            let reverse = try flag("reverse")
            var arguments = positional
            if let sweep = take("sweep") { arguments.append(sweep) }
            if let list = take("list") { arguments.append(list) }
            try finish()
            return try sort(arguments, reverse: reverse)
        case "tag":
            var arguments = positional
            if let sweep = take("sweep") { arguments.append(sweep) }
            try finish()
            guard let last = arguments.last, case .sweep = last else { throw failure("tag(…) needs a sweep as its last argument") }
            return last
        case "int", "float", "str", "bool":
            let value = take("value")
            try finish()
            let argument: HydraParsed
            switch (positional.count, value) {
            case (0, let value?): argument = value
            case (1, nil): argument = positional[0]
            case (0, nil): throw failure("\(name)(…) needs a value")
            case (_, nil): argument = .sweep(.choice(try positional.map { try HydraOverrideParser.plain($0, "\(name)(…)") }, simple: true))
            default: throw failure("\(name)(…) takes positional arguments or value=, not both")
            }
            return try cast(argument, to: name)
        default:
            throw failure("Unknown function '\(name)' (available: \(names.joined(separator: ", ")))")
        }
    }

    private static func patterns(_ parsed: HydraParsed) throws -> [String] {
        switch parsed {
        case .element(.list(let items)): return items.map { $0.configValue.stringValue ?? $0.rendered }
        case .element(let element): return [element.configValue.stringValue ?? element.rendered]
        case .sweep: throw HydraOverrideParser.failure("glob(…) takes patterns, not a sweep", at: 0)
        }
    }

    private static func sort(_ arguments: [HydraParsed], reverse: Bool) throws -> HydraParsed {
        func sorted(_ items: [HydraElement]) throws -> [HydraElement] {
            let result = try items.sorted { a, b in try less(a, b) }
            return reverse ? result.reversed() : result
        }
        if arguments.count > 1 {
            return .sweep(.choice(try sorted(try arguments.map { try HydraOverrideParser.plain($0, "sort(…)") }), simple: true))
        }
        switch arguments.first {
        case .element(.list(let items))?: return .element(.list(try sorted(items)))
        case .element(let element)?: return .element(element)
        case .sweep(.choice(let items, let simple))?: return .sweep(.choice(try sorted(items), simple: simple))
        case .sweep(let sweep)?:
            let items = try sweep.values(options: [], key: "sort(…)")
            return .sweep(.choice(try sorted(items), simple: false))
        case nil: throw HydraOverrideParser.failure("sort(…) needs something to sort", at: 0)
        }
    }

    /// Python's `<` on two values of a sweep: numbers with numbers, strings with strings.
    private static func less(_ a: HydraElement, _ b: HydraElement) throws -> Bool {
        let x = a.configValue, y = b.configValue
        if let p = x.doubleValue, let q = y.doubleValue { return p < q }
        if let p = x.stringValue, let q = y.stringValue { return p < q }
        throw HydraOverrideParser.failure("sort(…) cannot compare \(a.rendered) with \(b.rendered)", at: 0)
    }

    private static func cast(_ parsed: HydraParsed, to type: String) throws -> HydraParsed {
        switch parsed {
        case .element(let element): return .element(try cast(element, to: type))
        case .sweep(.choice(let items, let simple)): return .sweep(.choice(try items.map { try cast($0, to: type) }, simple: simple))
        case .sweep(.range(let start, let stop, let step)):
            return .sweep(.range(start: try cast(start, to: type), stop: try cast(stop, to: type), step: try cast(step, to: type)))
        case .sweep(.interval(let a, let b)): return .sweep(.interval(try cast(a, to: type), try cast(b, to: type)))
        case .sweep(.glob): throw HydraOverrideParser.failure("\(type)(…) cannot cast a glob(…)", at: 0)
        case .sweep(.invalid): return parsed
        }
    }

    private static func cast(_ element: HydraElement, to type: String) throws -> HydraElement {
        func failure() -> RunKitError { HydraOverrideParser.failure("\(type)(\(element.rendered)) is not possible", at: 0) }
        switch element {
        case .list(let items): return .list(try items.map { try cast($0, to: type) })
        case .dict(let entries): return .dict(try entries.map { HydraDictEntry(key: $0.key, value: try cast($0.value, to: type)) })
        default: break
        }
        let value = element.configValue
        switch type {
        case "int":
            switch value {
            case .int, .bool: return .int(Int(value.doubleValue!))
            case .double(let d) where d.isFinite && abs(d) < 9.2e18: return .int(Int(d))
            case .string(let s):
                if let number = Int(s.trimmingCharacters(in: .whitespaces)) { return .int(number) }
                throw failure()
            default: throw failure()
            }
        case "float":
            switch value {
            case .int, .double, .bool: return .float(value.doubleValue!)
            case .string(let s):
                let token = s.trimmingCharacters(in: .whitespaces)
                guard !token.isEmpty, token.allSatisfy({ "0123456789+-.eE_infatyINFATY".contains($0) }) else { throw failure() }
                let number = HydraOverrideParser.pythonFloat(token)
                guard !number.isNaN || token.lowercased().hasSuffix("nan") else { throw failure() }
                return .float(number)
            default: throw failure()
            }
        case "str":
            switch value {
            case .bool(let flag): return .string(flag ? "true" : "false")
            case .null: throw failure()
            default: return .string(PythonRepr.str(value))
            }
        default:
            switch value {
            case .bool: return element
            case .int, .double: return .bool(value.doubleValue! != 0)
            case .string(let s):
                switch s.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw failure()
                }
            default: throw failure()
            }
        }
    }
}
