/// A sweep of a Hydra override: what `a=1,2`, `choice(…)`, `range(…)`, `glob(…)` and
/// `interval(…)` give, expanded as Hydra's `BasicSweeper` expands them.
enum HydraSweep: Sendable, Hashable {
    /// `a=1,2` (`simple`) or `choice(1,2)`.
    case choice([HydraElement], simple: Bool)
    /// `range(start, stop, step)`: ints as Python's `range`, with a float anywhere as Hydra's
    /// `FloatRange` (Decimal accumulation).
    case range(start: HydraElement, stop: HydraElement, step: HydraElement)
    /// `interval(a, b)`: parsed, but the basic sweeper cannot run it.
    case interval(HydraElement, HydraElement)
    /// `glob(include, exclude=…)` over a config group's options.
    case glob(include: [String], exclude: [String])
    /// A sweep Hydra parses but cannot expand (a sweep inside `a=…,…`): the error, and the type.
    case invalid(message: String, typeName: String)

    /// Hydra's name of the value type (`SIMPLE_CHOICE_SWEEP` …).
    var typeName: String {
        switch self {
        case .choice(_, let simple): return simple ? "SIMPLE_CHOICE_SWEEP" : "CHOICE_SWEEP"
        case .range: return "RANGE_SWEEP"
        case .interval: return "INTERVAL_SWEEP"
        case .glob: return "GLOB_CHOICE_SWEEP"
        case .invalid(_, let typeName): return typeName
        }
    }

    /// The values, in order; `options` are the config group's options for `glob`.
    func values(options: [String], key: String) throws -> [HydraElement] {
        switch self {
        case .choice(let items, _):
            return items
        case .range(let start, let stop, let step):
            return try Self.rangeValues(start, stop, step, key: key)
        case .interval:
            throw RunKitError(.invalidArgument, "The override of \(key) is an interval(…) sweep, which only a sweeper that samples (Optuna, Ax) can run: use choice(…) or range(…).")
        case .invalid(let message, _):
            throw RunKitError(.invalidArgument, message)
        case .glob(let include, let exclude):
            func matches(_ name: String, _ patterns: [String]) -> Bool { patterns.contains { Glob.matches(name, pattern: $0) } }
            return options.sorted().filter { matches($0, include) && !matches($0, exclude) }.map(HydraElement.string)
        }
    }

    private static func rangeValues(_ start: HydraElement, _ stop: HydraElement, _ step: HydraElement, key: String) throws -> [HydraElement] {
        func number(_ element: HydraElement, _ name: String) throws -> (int: Int?, double: Double) {
            switch element {
            case .int(let value): return (value, Double(value))
            case .float(let value): return (nil, value)
            case .bool(let value): return (value ? 1 : 0, value ? 1 : 0)
            default:
                throw RunKitError(.invalidArgument, "The range(…) of \(key) needs numbers, and its \(name) is \(element.rendered).")
            }
        }
        let a = try number(start, "start"), b = try number(stop, "stop"), c = try number(step, "step")
        guard c.double != 0 else { throw RunKitError(.invalidArgument, "The range(…) of \(key) has a step of 0: range() arg 3 must not be zero.") }
        var values: [HydraElement] = []
        let limit = 10_000_000
        if let first = a.int, let end = b.int, let stride = c.int {
            var current = first
            while stride > 0 ? current < end : current > end {
                values.append(.int(current))
                current += stride
                if values.count > limit { break }
            }
            return values
        }
        var current = HydraDecimal(a.double)
        let end = HydraDecimal(b.double), stride = HydraDecimal(c.double)
        let ascending = c.double > 0
        while true {
            let order = HydraDecimal.compare(current, end)
            if ascending ? order >= 0 : order <= 0 { break }
            values.append(.float(current.double))
            current = current + stride
            if values.count > limit { break }
        }
        return values
    }
}

/// What a Hydra function or value gives: one element, or a sweep.
enum HydraParsed: Sendable, Hashable {
    case element(HydraElement)
    case sweep(HydraSweep)
}
