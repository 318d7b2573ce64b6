import BiocapDeviceKit
import BiocapSynthesis
import BiocapUVC

/// Builds real `UVCCamera`s over `SimulatedUVCTransport`, for the `uvc-face` and `uvc-iris`
/// simulated drivers: the whole UVC stack (descriptors, probe/commit, payload assembly, decoding)
/// runs as it would on hardware.
public enum SimulatedUVCCamera {
    /// A simulated UVC camera; `faults` defaults to those of the options' scenario. After an unplug,
    /// `open()` reconnects to a fresh simulated transport.
    public static func make(options: SimulationOptions, profile: UVCProfile, faults: SimulatedUVCFaults? = nil) -> UVCCamera {
        let model: SimulatedUVCModel = profile == .face ? .face : .iris
        let faults = faults ?? SimulatedUVCFaults(scenario: options.scenario)
        return UVCCamera(
            id: options.id, transport: SimulatedUVCTransport(model: model, options: options, faults: faults), profile: profile,
            model: model.vendorModel, vendor: "biocap", driverName: "uvc-\(profile.rawValue)", simulated: true,
            reconnect: { SimulatedUVCTransport(model: model, options: options, faults: faults) })
    }
}
