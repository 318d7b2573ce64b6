import BiocapCore

/// A signature pad: a device that streams pen samples rather than images. A real HID digitizer, a Wacom STU pad or
/// a simulated pad; an actor like every `BiometricDevice`, so its state and I/O are serialised on it.
///
/// Its descriptor's modality is `.signature` and its only position `.signature`. `frames(for:)` is not how a pad is
/// captured from: the capture session reads `penSamples(for:)`.
public protocol SignaturePad: BiometricDevice {
    /// The coordinate range, resolution and pressure levels of the samples.
    var geometry: PadGeometry { get }

    /// Starts a pen-sample stream for a capture.
    ///
    /// Only one stream runs at a time: while one is live this throws `BiocapError.deviceBusy`. Samples come as the pad
    /// sends them (hovering included, with `tip == false`); the stream ends with a `BiocapError` when the pad fails or
    /// is unplugged (`deviceDisconnected`), and ends when the consumer stops iterating, which frees the pad.
    func penSamples(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<PenPoint, any Error>

    /// Shows `prompt` on pads with a screen (Wacom STU); pads without one do nothing. Never throws: a prompt that
    /// does not show must not stop a signature.
    func show(_ prompt: PadPrompt) async
}

extension SignaturePad {
    /// Pads are captured through `penSamples(for:)`; asking one for image frames is a request error.
    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        throw .invalidRequest(field: "modality", reason: "device \(descriptor.id) is a signature pad: it streams pen samples, not frames")
    }

    public func show(_ prompt: PadPrompt) async {}
}
