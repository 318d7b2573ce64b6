/// What a WSQ file says about itself, read without decoding its pixels (`WSQCodec.info`).
public struct WSQInfo: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Pixels per inch from the NIST comment; nil when absent or unknown (-1).
    public let ppi: Int?
    /// The comments other than the NIST comment, in file order.
    public let comments: [String]
    /// The NIST comment's fields by name (`PIX_WIDTH`, `PPI`, `WSQ_BITRATE`, …); empty without one.
    public let nistFields: [String: String]

    /// The bit rate the encoder aimed at, from the NIST comment's `WSQ_BITRATE`.
    public var bitRate: Double? { nistFields["WSQ_BITRATE"].flatMap { Double($0) } }

    public init(width: Int, height: Int, ppi: Int?, comments: [String], nistFields: [String: String]) {
        self.width = width
        self.height = height
        self.ppi = ppi
        self.comments = comments
        self.nistFields = nistFields
    }
}
