/// One slot per task of a `concurrentPerform`, each written by exactly that task (distinct
/// addresses, so no data race), read once all are done.
public final class TaskSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value>
    private let count: Int

    public init(count: Int, initial: Value) {
        self.count = max(count, 1)
        slots = .allocate(capacity: self.count)
        slots.initialize(repeating: initial, count: self.count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    public func set(_ i: Int, _ value: Value) { slots[i] = value }
    public func value(_ i: Int) -> Value { slots[i] }
}
