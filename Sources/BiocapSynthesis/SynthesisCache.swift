import Synchronization

/// Remembers the last few synthesised base images (fingertips, eyes, faces) by their inputs, so a
/// device asked again for the same subject, or a slap re-captured with one finger excepted, does not
/// synthesise it again. Results are pure functions of the key, so caching never changes a frame.
public enum SynthesisCache {
    private static let capacity = 32
    private static let storage = Mutex<(entries: [String: any Sendable], order: [String])>(([:], []))

    public static func value<Value: Sendable>(_ key: String, make: () -> Value) -> Value {
        if let hit = storage.withLock({ $0.entries[key] }) as? Value { return hit }
        let made = make()
        storage.withLock { cache in
            if cache.entries.updateValue(made, forKey: key) == nil { cache.order.append(key) }
            while cache.order.count > capacity { cache.entries[cache.order.removeFirst()] = nil }
        }
        return made
    }
}
