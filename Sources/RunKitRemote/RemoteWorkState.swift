/// What the threads of one `RemoteWork.map` share: the next index, the results, the first error.
struct RemoteWorkState<T> {
    var next = 0
    var results: [T?]
    var error: Error?
}
