import Dispatch
import Testing
@_spi(RunKitInternals) @testable import RunKitSupport

/// RunKit's one lock and what is built on it, under many threads at once.
@Suite("Locked state")
struct LockedTests {
    @Test("every update made under the lock by many threads at once is kept")
    func concurrentUpdates() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 10_000) { _ in counter.withLock { $0 += 1 } }
        #expect(counter.withLock { $0 } == 10_000)
    }

    @Test("a cache computes its value once however many threads ask, and a failed computation is tried again")
    func cacheComputesOnce() {
        let computations = Locked(0)
        let cache = LockedCache<Int>()
        struct Failure: Error {}
        #expect(throws: Failure.self) { try cache.get { throw Failure() } }
        #expect(cache.cached == nil)
        DispatchQueue.concurrentPerform(iterations: 1_000) { _ in
            _ = cache.get { computations.withLock { $0 += 1 }; return 42 }
        }
        #expect(cache.cached == 42)
        #expect(computations.withLock { $0 } == 1)
    }

    @Test("a locked dictionary keeps every key written by many threads at once")
    func dictionaryKeepsEveryKey() {
        let dictionary = LockedDictionary<Int, Int>()
        DispatchQueue.concurrentPerform(iterations: 1_000) { index in dictionary[index] = index * 2 }
        #expect(dictionary.count == 1_000)
        #expect(dictionary[999] == 1_998)
        #expect(dictionary[1_000] == nil)
    }
}
