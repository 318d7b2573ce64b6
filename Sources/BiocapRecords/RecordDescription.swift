/// What a record file holds, for people and scripts (`biocapctl record inspect`): its format and, per
/// representation, the position, how the image is stored, its size and resolution and its quality.
public struct RecordDescription: Sendable, Hashable, Codable {
    /// One image (or signature) inside the record.
    public struct Representation: Sendable, Hashable, Codable {
        /// `left-index`, `right-iris`, `face`, `signature` …
        public var position: String
        /// `none`, `bit-packed`, `wsq`, `jpeg`, `jpeg2000-lossless`, `jpeg2000-lossy`, `jpeg2000`, `png`; a
        /// signature's `samples`.
        public var compression: String
        /// Pixels; nil for a signature.
        public var width: Int?
        public var height: Int?
        public var bitDepth: Int?
        /// Pixels per inch when the record says; nil otherwise.
        public var ppi: Int?
        /// The first quality block's score (0–100, 255 = not computed); nil when there is none.
        public var quality: Int?
        /// Bytes of image data; for a signature, the number of pen samples.
        public var dataBytes: Int
    }

    /// The `RecordFormat` name (`iso-19794-4-2011` …).
    public var format: String
    /// Bytes in the file.
    public var bytes: Int
    public var representations: [Representation]
}
