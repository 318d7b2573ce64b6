/// The state of the skin on the platen, which changes how ridges print.
public enum SkinCondition: Sendable, Equatable {
    case normal
    /// Faint ridges with gaps (dry or worn skin).
    case dry
    /// Ridges blotted together into dark patches (moist skin).
    case wet

    public init(scenario: SimulationScenario) {
        switch scenario {
        case .dry: self = .dry
        case .wet: self = .wet
        default: self = .normal
        }
    }
}
