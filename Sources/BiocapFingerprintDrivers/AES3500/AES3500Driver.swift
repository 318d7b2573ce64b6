import BiocapCore
import BiocapDeviceKit

/// AuthenTec AES3500 TruePrint: a 128 × 128 press sensor. It cannot report a finger on its own:
/// after the register initialisation the image read completes when a finger is placed.
///
/// State machine: `open` writes the recorded reset + configuration (which also arms the scan) →
/// `captureImage` reads 8329 bytes (waiting until the deadline for the finger) → native 128 × 128
/// → libfprint's 256 × 256 (2× bilinear, flipped, inverted). See README.md.
public struct AES3500Driver: FingerprintSensorDriver {
    public static let name = "aes3500"
    public static let vendor = "AuthenTec"
    public static let models = AES3500IDTable.models
    /// The sensor's own resolution (AuthenTec's figure for the AES3500: 250 ppi).
    public static let nativePPI = 250
    /// The delivered image is the native one upscaled 2×.
    public static let ppi = 500
    public static let capabilities = DeviceCapabilities(
        imageWidth: AES3500WireFormat.nativeSize * 2, imageHeight: AES3500WireFormat.nativeSize * 2, ppi: ppi,
        framesPerSecond: 2, positions: singleFingerPositions)

    /// Timeout of each register write (libfprint: 1 s).
    public var writeTimeout: Duration = .seconds(1)
    /// The last capture's native 128 × 128 image (before upscaling), kept for diagnostics and tests.
    public private(set) var lastNativeImage: GrayImage?

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        for message in AES3500WireFormat.initialisationMessages {
            try await io.write(AES3500WireFormat.outEndpoint, message, timeout: writeTimeout)
        }
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let data: [UInt8]
        do {
            data = try await io.readExactly(
                AES3500WireFormat.inEndpoint, length: AES3500WireFormat.imageReadLength,
                timeout: SensorIO.remaining(until: deadline), what: "image read")
        } catch .transfer(.timeout(_)) {
            throw .noFinger("no finger on the sensor before the capture timeout")
        }
        let native = try AES3500WireFormat.decodeNative(data)
        lastNativeImage = native
        return AES3500WireFormat.libfprintImage(fromNative: native)
    }

    public mutating func close(_ io: SensorIO) async {}

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        return "register initialisation accepted (\(AES3500WireFormat.initialisationMessages.count) writes)"
    }
}
