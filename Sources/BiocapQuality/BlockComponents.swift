/// Connected components (4-neighbour) of a block mask. Buffers are kept between frames.
struct BlockComponents {
    /// Component label of each block, −1 for blocks outside the mask.
    private(set) var labels: [Int32] = []
    /// Number of blocks in each component, indexed by label.
    private(set) var sizes: [Int] = []
    private var stack: [Int32] = []

    /// Labels the `true` blocks of `mask` (`columns` × `rows`); returns the number of components.
    @_optimize(speed)
    mutating func label(_ mask: [Bool], columns: Int, rows: Int) -> Int {
        let count = columns * rows
        if labels.count != count {
            labels = [Int32](repeating: -1, count: count)
            stack = [Int32](repeating: 0, count: count)
            sizes.reserveCapacity(count)
        }
        sizes.removeAll(keepingCapacity: true)
        for index in 0..<count { labels[index] = -1 }
        for seed in 0..<count where mask[seed] && labels[seed] < 0 {
            let label = Int32(sizes.count)
            var size = 0
            var top = 0
            stack[top] = Int32(seed)
            top += 1
            labels[seed] = label
            func visit(_ neighbour: Int) {
                if mask[neighbour] && labels[neighbour] < 0 {
                    labels[neighbour] = label
                    stack[top] = Int32(neighbour)
                    top += 1
                }
            }
            while top > 0 {
                top -= 1
                let index = Int(stack[top])
                size += 1
                let column = index % columns, row = index / columns
                // Neighbours listed explicitly: an array of offsets would allocate per block in debug builds.
                if column + 1 < columns { visit(index + 1) }
                if column > 0 { visit(index - 1) }
                if row + 1 < rows { visit(index + columns) }
                if row > 0 { visit(index - columns) }
            }
            sizes.append(size)
        }
        return sizes.count
    }
}
