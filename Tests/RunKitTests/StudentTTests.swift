import Testing
@testable import RunKit

/// Student's t quantiles (for `ci95`) against published table values (scipy.stats.t.ppf).
@Suite("Student t")
struct StudentTTests {
    @Test("t(0.975) for small and large degrees of freedom; ci95 is t·s/√n")
    func quantiles() {
        let table: [(Double, Double)] = [(1, 12.706204736174698), (2, 4.302652729749464), (3, 3.182446305284263),
                                         (4, 2.7764451051977987), (9, 2.2621571627409915), (30, 2.0422724563012373), (1000, 1.9623390808264078)]
        for (nu, t) in table {
            #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: nu) - t) < 1e-10 * t, "ν = \(nu)")
        }
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 5) + 2.570581835636314) < 1e-10)
        #expect(abs(StudentT.halfWidth95([1, 2, 3]) - 4.302652729749464 * 1 / 3.0.squareRoot()) < 1e-12)
        #expect(StudentT.halfWidth95([1]).isNaN)
        #expect(StudentT.halfWidth95([1, .nan]).isNaN)
    }
}
