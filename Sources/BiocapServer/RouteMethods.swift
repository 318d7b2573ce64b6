import Synchronization

/// Which methods each route path answers, so a request with a known path and another method gets
/// `405 Method Not Allowed` with `Allow` instead of Hummingbird's 404. Loaded once the routes are
/// registered; read from any request's task.
final class RouteMethods: Sendable {
    private let table = Mutex<[(pattern: [Substring], methods: Set<String>)]>([])

    /// Registers the routes: paths as Hummingbird writes them (`/v1/captures/:id`), upper-case methods.
    func load(_ routes: [(path: String, method: String)]) {
        var merged: [String: Set<String>] = [:]
        for route in routes { merged[route.path, default: []].insert(route.method) }
        table.withLock { table in
            table = merged.map { (pattern: $0.key.split(separator: "/"), methods: $0.value) }
        }
    }

    /// The methods answered at `path`, sorted; empty when no route has this path.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        return table.withLock { table in
            Set(table.filter { entry in
                entry.pattern.count == parts.count
                    && zip(entry.pattern, parts).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern == part }
            }.flatMap(\.methods)).sorted()
        }
    }
}
