/// Colour space codes (`CSP`: 10.012, 17.013), ANSI/NIST-ITL 1-2011 Table 1.
public enum NISTColourSpace: String, Sendable, Hashable, CaseIterable {
    case undefined = "UNK"
    case gray = "GRAY"
    /// RGB of undetermined colour space.
    case rgb = "RGB"
    /// sRGB (IEC 61966-2-1): the preferred space for colour images.
    case srgb = "SRGB"
    /// YCbCr, legacy (read as device RGB).
    case ycc = "YCC"
    /// YCbCr of JPEG 2000.
    case sycc = "SYCC"

    /// Samples per pixel for raw (NONE) data: 1 for grey, 3 otherwise.
    var channels: Int { self == .gray ? 1 : 3 }
}
