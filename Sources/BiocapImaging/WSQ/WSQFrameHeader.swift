import BiocapCore

/// The SOF segment: the image size and how pixels were shifted and scaled into the transform's range
/// (`pixel = coefficient × scale + shift`). The black and white levels and the encoder fields are carried but unused.
struct WSQFrameHeader: Sendable, Equatable {
    var black: UInt8 = 0
    var white: UInt8 = 255
    var width: Int
    var height: Int
    var shift: Float
    var scale: Float
    /// The encoder algorithm number (2 for the current specification) and a software identifier (0).
    var encoder: UInt8 = 2
    var software: UInt16 = 0

    static let payloadSize = 15

    init(width: Int, height: Int, shift: Float, scale: Float) {
        self.width = width
        self.height = height
        self.shift = shift
        self.scale = scale
    }

    func payload() throws(ImageError) -> [UInt8] {
        guard let shift = WSQScaledNumber.encode16(shift), let scale = WSQScaledNumber.encode16(scale) else {
            throw .codec("WSQ pixel shift \(self.shift) or scale \(self.scale) cannot be stored")
        }
        return [black, white, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
                shift.exponent, UInt8(shift.integer >> 8), UInt8(shift.integer & 0xFF),
                scale.exponent, UInt8(scale.integer >> 8), UInt8(scale.integer & 0xFF),
                encoder, UInt8(software >> 8), UInt8(software & 0xFF)]
    }

    init(payload reader: inout WSQByteReader) throws(ImageError) {
        black = try reader.byte("the SOF black level")
        white = try reader.byte("the SOF white level")
        height = Int(try reader.uint16("the SOF height"))
        width = Int(try reader.uint16("the SOF width"))
        shift = try reader.scaled16("the SOF pixel shift")
        scale = try reader.scaled16("the SOF pixel scale")
        encoder = try reader.byte("the SOF encoder number")
        software = try reader.uint16("the SOF software number")
    }
}
