/// What a signature pad with a screen shows the signer.
public enum PadPrompt: Sendable, Hashable {
    /// The signing box with "Tanda tangan di sini / Sign here" (the pad's language pair).
    case signHere
    /// A blank screen: the capture is over or was cleared.
    case blank
}
