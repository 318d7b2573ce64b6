/// WSQ's markers (specification table of markers; NBIS `wsq.h`): two bytes, `FF A0` to `FF A8`.
enum WSQMarker: UInt16, Sendable, CaseIterable {
    /// Start of image.
    case startOfImage = 0xFFA0
    /// End of image.
    case endOfImage = 0xFFA1
    /// Start of frame: size, the pixel shift and scale.
    case startOfFrame = 0xFFA2
    /// Start of block: which Huffman table codes the entropy-coded data that follows.
    case startOfBlock = 0xFFA3
    /// Define transform table: the wavelet filters.
    case transformTable = 0xFFA4
    /// Define quantisation table: bin widths per subband.
    case quantizationTable = 0xFFA5
    /// Define Huffman table(s).
    case huffmanTable = 0xFFA6
    /// Define restart interval (not used by WSQ encoders; read as an error).
    case restartInterval = 0xFFA7
    /// Comment.
    case comment = 0xFFA8

    /// A readable name for error messages.
    var name: String {
        switch self {
        case .startOfImage: "SOI"
        case .endOfImage: "EOI"
        case .startOfFrame: "SOF"
        case .startOfBlock: "SOB"
        case .transformTable: "DTT"
        case .quantizationTable: "DQT"
        case .huffmanTable: "DHT"
        case .restartInterval: "DRT"
        case .comment: "COM"
        }
    }
}
