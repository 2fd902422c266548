/// The little of Python's `decimal.Decimal` that Hydra's `FloatRange` uses: a float's exact
/// value (`Decimal(0.1)` is 0.1000000000000000055511151231257827…), addition rounded to 28
/// significant digits (half even, the default context), comparison, and `float()` back.
///
/// ```swift
/// var x = HydraDecimal(0.0)
/// for _ in 0..<7 { x = x + HydraDecimal(0.1) }
/// x.double   // 0.7000000000000001, as Hydra's range(0,1,0.1) gives
/// ```
struct HydraDecimal: Sendable {
    var negative: Bool
    /// Decimal digits, most significant first, no leading zeros; empty for zero.
    var digits: [UInt8]
    /// value = digits × 10^exponent.
    var exponent: Int

    static let precision = 28

    /// The exact value of a finite double.
    init(_ value: Double) {
        negative = value.sign == .minus
        exponent = 0
        digits = []
        guard value != 0, value.isFinite else { return }
        var mantissa = UInt64(abs(value).significandBitPattern) | (value.isNormal ? (1 << 52) : 0)
        var power = Int(value.isNormal ? value.exponent : Double.leastNormalMagnitude.exponent) - 52
        while mantissa & 1 == 0 && power < 0 { mantissa >>= 1; power += 1 }
        digits = Array(String(mantissa).utf8).map { $0 - 48 }
        if power >= 0 {
            for _ in 0..<power { digits = Self.multiply(digits, by: 2) }
        } else {
            for _ in 0..<(-power) { digits = Self.multiply(digits, by: 5) }
            exponent = power
        }
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var trimmed = digits[...]
        while trimmed.first == 0 { trimmed.removeFirst() }
        self.negative = trimmed.isEmpty ? false : negative
        self.digits = Array(trimmed)
        self.exponent = exponent
    }

    var isZero: Bool { digits.isEmpty }

    /// `float(self)`: correctly rounded, as Python converts a Decimal.
    var double: Double {
        guard !isZero else { return negative ? -0.0 : 0.0 }
        let text = (negative ? "-" : "") + String(decoding: digits.map { $0 + 48 }, as: UTF8.self) + "e" + String(exponent)
        return Double(text) ?? .nan
    }

    /// The sum, rounded to 28 significant digits (ROUND_HALF_EVEN).
    static func + (lhs: HydraDecimal, rhs: HydraDecimal) -> HydraDecimal {
        exactSum(lhs, rhs).rounded()
    }

    /// -1, 0 or 1 as lhs is less than, equal to or greater than rhs.
    static func compare(_ lhs: HydraDecimal, _ rhs: HydraDecimal) -> Int {
        var negated = rhs
        negated.negative.toggle()
        let difference = exactSum(lhs, negated)
        return difference.isZero ? 0 : (difference.negative ? -1 : 1)
    }

    private static func exactSum(_ a: HydraDecimal, _ b: HydraDecimal) -> HydraDecimal {
        if a.isZero { return b }
        if b.isZero { return a }
        let exponent = min(a.exponent, b.exponent)
        let x = a.digits + Array(repeating: 0, count: a.exponent - exponent)
        let y = b.digits + Array(repeating: 0, count: b.exponent - exponent)
        if a.negative == b.negative {
            return HydraDecimal(negative: a.negative, digits: add(x, y), exponent: exponent)
        }
        if lessMagnitude(x, y) {
            return HydraDecimal(negative: b.negative, digits: subtract(y, x), exponent: exponent)
        }
        return HydraDecimal(negative: a.negative, digits: subtract(x, y), exponent: exponent)
    }

    private func rounded() -> HydraDecimal {
        guard digits.count > Self.precision else { return self }
        let drop = digits.count - Self.precision
        var kept = Array(digits[..<Self.precision])
        let first = digits[Self.precision]
        let restNonZero = digits[(Self.precision + 1)...].contains { $0 != 0 }
        let roundUp = first > 5 || (first == 5 && (restNonZero || kept[kept.count - 1] % 2 == 1))
        if roundUp { kept = Self.add(kept, [1]) }
        return HydraDecimal(negative: negative, digits: kept, exponent: exponent + drop)
    }

    private static func multiply(_ digits: [UInt8], by factor: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: digits.count)
        var carry = 0
        for index in stride(from: digits.count - 1, through: 0, by: -1) {
            let product = Int(digits[index]) * factor + carry
            result[index] = UInt8(product % 10)
            carry = product / 10
        }
        while carry > 0 { result.insert(UInt8(carry % 10), at: 0); carry /= 10 }
        return result
    }

    private static func lessMagnitude(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        let a = x.drop { $0 == 0 }, b = y.drop { $0 == 0 }
        if a.count != b.count { return a.count < b.count }
        return a.lexicographicallyPrecedes(b)
    }

    private static func add(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var carry = 0
        var i = x.count - 1, j = y.count - 1
        while i >= 0 || j >= 0 || carry > 0 {
            let sum = (i >= 0 ? Int(x[i]) : 0) + (j >= 0 ? Int(y[j]) : 0) + carry
            result.append(UInt8(sum % 10))
            carry = sum / 10
            i -= 1; j -= 1
        }
        return result.reversed()
    }

    /// x - y for |x| ≥ |y|.
    private static func subtract(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var borrow = 0
        var j = y.count - 1
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            var difference = Int(x[i]) - borrow - (j >= 0 ? Int(y[j]) : 0)
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 10 }
            result.append(UInt8(difference))
            j -= 1
        }
        return result.reversed()
    }
}
