import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// What every simulated device shares: its descriptor and serial number, and the self-test.
enum SimulatedDeviceSupport {
    /// A serial number derived from the seed, stable across runs: `SIM-` and 8 hex digits.
    static func serial(seed: UInt64, modality: Modality) -> String {
        let hash = SimulationRandom.mix(seed ^ UInt64(modality.rawValue.utf8.reduce(0) { $0 &* 31 &+ UInt32($1) }))
        let hex = String(hash >> 32, radix: 16, uppercase: true)
        return "SIM-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    static func descriptor(options: SimulationOptions, modality: Modality, model: String, driver: String, capabilities: DeviceCapabilities) -> DeviceDescriptor {
        DeviceDescriptor(
            id: options.id, modality: modality, vendor: "biocap", model: model,
            serial: serial(seed: options.seed, modality: modality), firmware: "sim-1", driver: driver,
            usb: nil, simulated: true, capabilities: capabilities)
    }

    /// A self-test: the device answers (fails once unplugged or in the `unplug` scenario), a test frame
    /// has the advertised size, and it shows real contrast (grey-level spread).
    static func selfTest(
        descriptor: DeviceDescriptor, scenario: SimulationScenario, disconnected: Bool,
        expectedSize: (width: Int, height: Int), testImage: () -> CapturedImage
    ) -> DiagnosticReport {
        let answering = !disconnected && scenario != .unplug
        var checks = [DiagnosticCheck(
            name: "communication", passed: answering,
            detail: answering ? "device answers (firmware sim-1)" : "device does not answer: disconnected")]
        guard answering else { return DiagnosticReport(device: descriptor, checks: checks) }
        let image = testImage()
        let sizeOK = image.width == expectedSize.width && image.height == expectedSize.height
        checks.append(DiagnosticCheck(
            name: "test-frame-size", passed: sizeOK,
            detail: "\(image.width)×\(image.height), expected \(expectedSize.width)×\(expectedSize.height)"))
        let spread = greySpread(image.gray)
        checks.append(DiagnosticCheck(
            name: "test-frame-contrast", passed: spread >= 60,
            detail: "grey levels 5th–95th percentile span \(spread) (need at least 60)"))
        checks.append(DiagnosticCheck(
            name: "frame-rate", passed: descriptor.capabilities.framesPerSecond > 0,
            detail: "nominal \(descriptor.capabilities.framesPerSecond) fps"))
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    /// The distance between the 5th and 95th grey-level percentiles.
    static func greySpread(_ image: GrayImage) -> Int {
        var histogram = [Int](repeating: 0, count: 256)
        for pixel in image.pixels { histogram[Int(pixel)] += 1 }
        func percentile(_ fraction: Double) -> Int {
            let target = Int(Double(image.pixels.count) * fraction)
            var seen = 0
            for level in 0..<256 {
                seen += histogram[level]
                if seen > target { return level }
            }
            return 255
        }
        return percentile(0.95) - percentile(0.05)
    }
}
