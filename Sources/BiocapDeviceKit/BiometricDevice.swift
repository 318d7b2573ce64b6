import BiocapCore

/// A capture device: a real USB scanner or camera, or a simulated one. Every device is an actor, so
/// all of its state and I/O is serialised on that actor; callers `await` it from anywhere.
///
/// Operations throw `BiocapError` only (typed throws): each device maps its transport's and driver's
/// errors once, inside itself, so no caller has to guess what an untyped error means.
public protocol BiometricDevice: Actor {
    /// What the device is; may gain detail (serial, firmware) once opened.
    var descriptor: DeviceDescriptor { get }

    /// Claims the device and reads what it needs (firmware, calibration). Idempotent.
    func open() async throws(BiocapError)

    /// Stops any running stream and releases the device. Never throws: a gone device is closed.
    func close() async

    /// Runs the device's own checks (communication, a test frame, sensor health).
    func selfTest() async throws(BiocapError) -> DiagnosticReport

    /// Starts a frame stream for a capture.
    ///
    /// Only one stream runs at a time: while one is live this throws `BiocapError.deviceBusy`.
    /// The stream ends with a `BiocapError` when the device fails or disappears (`deviceDisconnected`,
    /// `transferTimeout` …); it ends when the consumer stops iterating, which frees the device.
    func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error>
}
