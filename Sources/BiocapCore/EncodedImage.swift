/// An image still in the encoding the device sent it in, with its size from the header: the
/// full-resolution frame behind a view that was decoded reduced for the quality gate. Decoding it
/// is left to whoever keeps the frame (the capture's record, a still).
public struct EncodedImage: Sendable, Equatable {
    /// How `bytes` are encoded.
    public enum Encoding: String, Sendable, Equatable {
        /// A JPEG (a UVC camera's MJPEG frame).
        case jpeg
    }

    public var encoding: Encoding
    /// The encoded image exactly as the device sent it.
    public var bytes: [UInt8]
    /// Full-resolution size, from the encoded header.
    public var width: Int
    public var height: Int
    /// Decode to colour (else to grey).
    public var colour: Bool

    public init(encoding: Encoding, bytes: [UInt8], width: Int, height: Int, colour: Bool) {
        self.encoding = encoding
        self.bytes = bytes
        self.width = width
        self.height = height
        self.colour = colour
    }
}
