/// The simulated drivers, registered by name.
public enum SimulatedDrivers {
    public static let all: [SimulatedDriver] = []
}
