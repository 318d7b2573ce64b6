/// Scale units (`SLC`: 10.008, 14.008, 17.008): how THPS/TVPS are to be read.
public enum NISTScaleUnits: Int, Sendable, Hashable {
    /// No scale: THPS and TVPS give the pixel aspect ratio only.
    case none = 0
    case pixelsPerInch = 1
    case pixelsPerCentimetre = 2
}
