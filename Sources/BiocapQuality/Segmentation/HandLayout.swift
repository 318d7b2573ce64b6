import BiocapCore

/// Which found fingertip is which finger: the expected geometry of a slap (fingers side by side at roughly even
/// spacing; in a four-finger slap the middle fingertip reaches highest, index and ring a little lower, the little
/// finger much lower) fitted to the fingertips found, over every order-keeping assignment of fingertips to the
/// positions still expected. The best fit names the fingers, the missing positions and the extra regions, and
/// says whether the heights fit the other hand better.
enum HandLayout {
    /// Fingertip drop below the highest fingertip, inches, left to right in the image for a right hand
    /// (index, middle, ring, little); a left hand is the mirror image. From adult hand proportions: the middle
    /// finger is longest, index and ring 5–7 mm shorter, the little finger about 15–18 mm shorter.
    static let rightHandDrop = [0.25, 0.0, 0.2, 0.65]
    /// Typical distance between neighbouring fingertip centres in a slap, inches (thumbs lie further apart).
    static let fingerSpacing = 0.7
    static let thumbSpacing = 1.1
    /// Tolerances of the fit, inches: fingertip height against the layout, centre across against even spacing,
    /// and the spacing itself against the typical one.
    static let heightTolerance = 0.15
    static let spacingTolerance = 0.15
    static let spacingPriorTolerance = 0.25
    /// With one fingertip only, its position across the platen (from the centre) is all there is to go on.
    static let singlePositionTolerance = 0.5
    /// At most this many candidates enter the fit (the largest), so the search stays small.
    static let maximumCandidates = 7

    /// The outcome: for each fingertip index (into the list given) its finger, or none when it is extra.
    struct Assignment {
        var positions: [FingerPosition?]
        var missing: [FingerPosition]
        var extra: Int
        var wrongHand: Bool
    }

    /// Assigns `tips` (sorted left to right) to `slap`'s fingers less `excepted`. `imageWidth` and `ppi` put
    /// the expected layout on the platen.
    static func assign(_ tips: [Fingertip], slap: FingerPosition, excepted: Set<FingerPosition>,
                       imageWidth: Int, ppi: Double) -> Assignment {
        let slots = slap.fingers
        let expected = slots.indices.filter { !excepted.contains(slots[$0]) }
        let drops = drop(slap)
        let spacing = (slap == .plainThumbs ? thumbSpacing : fingerSpacing) * ppi
        var assignment = Assignment(positions: Array(repeating: nil, count: tips.count), missing: [], extra: 0, wrongHand: false)
        // The largest candidates, in image order.
        let candidates = tips.indices.sorted { tips[$0].area > tips[$1].area }.prefix(maximumCandidates).sorted()
        let matched = min(candidates.count, expected.count)
        var best: (cost: Double, tips: [Int], slots: [Int])?
        if matched > 0 {
            for tipChoice in combinations(Array(candidates), choose: matched) {
                for slotChoice in combinations(expected, choose: matched) {
                    let cost = fit(tipChoice.map { tips[$0] }, slots: slotChoice, drops: drops, spacing: spacing,
                                   slotCount: slots.count, imageWidth: imageWidth, ppi: ppi)
                    if cost < best?.cost ?? .infinity { best = (cost, tipChoice, slotChoice) }
                }
            }
        }
        var found = Set<Int>()
        if let best {
            for (tip, slot) in zip(best.tips, best.slots) {
                assignment.positions[tip] = slots[slot]
                found.insert(slot)
            }
        }
        assignment.missing = expected.filter { !found.contains($0) }.map { slots[$0] }
        assignment.extra = max(0, tips.count - matched)
        if slots.count == 4, let best, best.tips.count >= 3 {
            let chosen = best.tips.map { tips[$0] }
            let own = bestHeightCost(chosen, drops: drops, ppi: ppi)
            let other = bestHeightCost(chosen, drops: drops.reversed(), ppi: ppi)
            assignment.wrongHand = own > 2 && other < 0.5 * own
        }
        return assignment
    }

    /// Expected fingertip drops (inches) of `slap`'s fingers in image order.
    static func drop(_ slap: FingerPosition) -> [Double] {
        switch slap {
        case .plainRightFour: rightHandDrop
        case .plainLeftFour: rightHandDrop.reversed()
        default: Array(repeating: 0, count: slap.fingers.count)
        }
    }

    /// How badly `tips` fit `slots` (indices into the slap's fingers), in squared tolerances: heights against
    /// the drops (free common offset), centres against evenly spaced slots (free offset and spacing, the spacing
    /// held near the typical one); a single fingertip against the layout centred on the platen.
    static func fit(_ tips: [Fingertip], slots: [Int], drops: [Double], spacing: Double, slotCount: Int,
                    imageWidth: Int, ppi: Double) -> Double {
        let n = Double(tips.count)
        guard tips.count >= 2 else {
            guard let tip = tips.first, let slot = slots.first else { return 0 }
            let expectedX = Double(imageWidth) / 2 + (Double(slot) - Double(slotCount - 1) / 2) * spacing
            return pow2((tip.centreX - expectedX) / (singlePositionTolerance * ppi))
        }
        var cost = heightCost(tips, slots: slots, drops: drops, ppi: ppi)
        // Least-squares line x = offset + step · slot.
        let meanSlot = slots.reduce(0.0) { $0 + Double($1) } / n
        let meanX = tips.reduce(0.0) { $0 + $1.centreX } / n
        var covariance = 0.0, variance = 0.0
        for (tip, slot) in zip(tips, slots) {
            covariance += (Double(slot) - meanSlot) * (tip.centreX - meanX)
            variance += pow2(Double(slot) - meanSlot)
        }
        let step = variance > 0 ? covariance / variance : spacing
        for (tip, slot) in zip(tips, slots) {
            let predicted = meanX + step * (Double(slot) - meanSlot)
            cost += pow2((tip.centreX - predicted) / (spacingTolerance * ppi))
        }
        cost += pow2((step - spacing) / (spacingPriorTolerance * ppi))
        return cost
    }

    /// Heights of `tips` against the drops of `slots`, with their common offset removed.
    static func heightCost(_ tips: [Fingertip], slots: [Int], drops: [Double], ppi: Double) -> Double {
        let residuals = zip(tips, slots).map { tip, slot in tip.topY / ppi - drops[slot] }
        let mean = residuals.reduce(0, +) / Double(max(1, residuals.count))
        return residuals.reduce(0) { $0 + pow2(($1 - mean) / heightTolerance) }
    }

    /// The best height fit of `tips` over every order-keeping choice of slots of `drops`.
    static func bestHeightCost(_ tips: [Fingertip], drops: [Double], ppi: Double) -> Double {
        guard tips.count <= drops.count else { return .infinity }
        return combinations(Array(drops.indices), choose: tips.count)
            .map { heightCost(tips, slots: $0, drops: drops, ppi: ppi) }
            .min() ?? .infinity
    }

    /// Every `count`-element subsequence of `items`, in order.
    static func combinations(_ items: [Int], choose count: Int) -> [[Int]] {
        guard count > 0 else { return [[]] }
        guard items.count >= count else { return [] }
        var result: [[Int]] = []
        var chosen: [Int] = []
        func extend(from start: Int) {
            if chosen.count == count { result.append(chosen); return }
            let remaining = count - chosen.count
            guard start <= items.count - remaining else { return }
            for index in start...(items.count - remaining) {
                chosen.append(items[index])
                extend(from: index + 1)
                chosen.removeLast()
            }
        }
        extend(from: 0)
        return result
    }
}
