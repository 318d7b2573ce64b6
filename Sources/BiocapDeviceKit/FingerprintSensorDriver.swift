import BiocapCore

/// The protocol logic of one USB fingerprint sensor family, as a state machine over `SensorIO`.
///
/// `USBFingerprintDevice` owns one driver value and calls it only from its actor, one call at a
/// time, so a driver is a plain value with no locking. Every call either completes its exchange
/// or throws; after a throw the device calls `open` again before the next capture.
public protocol FingerprintSensorDriver: Sendable {
    /// Registry name, e.g. `nb1010`.
    static var name: String { get }
    /// Manufacturer shown in the device descriptor.
    static var vendor: String { get }
    /// Supported VID:PIDs with the model name of each.
    static var models: [USBID: String] { get }
    /// Geometry, resolution and positions of the images `captureImage` returns.
    static var capabilities: DeviceCapabilities { get }

    init()

    /// Brings the sensor into a capture-ready state (reset, registers, init blobs).
    mutating func open(_ io: SensorIO) async throws(FingerprintDriverError)

    /// Returns once a finger is on the sensor, or throws `.noFinger` at `deadline`. Sensors that
    /// cannot report a finger on their own return at once (their capture waits instead).
    mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError)

    /// Captures one image; a sensor that waits for the finger inside its capture waits until `deadline`.
    mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage

    /// Puts the sensor to rest before the interface is released. Best effort: errors are ignored.
    mutating func close(_ io: SensorIO) async

    /// A cheap exchange proving the sensor answers, for `selfTest()`; returns what it learned.
    mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String
}

extension FingerprintSensorDriver {
    /// The single finger positions every one-finger sensor can capture (ISO codes 1–10).
    public static var singleFingerPositions: [BiometricPosition] {
        (1...10).compactMap { FingerPosition(rawValue: $0) }.map { .finger($0) }
    }
}
