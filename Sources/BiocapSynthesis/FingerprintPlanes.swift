/// A synthetic fingerprint at full contact, ready to render at any pressure: per pixel how dark the
/// ridge structure is (0 valley … 255 ridge centre) and how deep inside the contact area the pixel lies
/// (0 outside the finger … 255 well inside the pad, falling off softly toward the edge).
public struct FingerprintPlanes: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var ridge: [UInt8]
    public var depth: [UInt8]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        ridge = [UInt8](repeating: 0, count: width * height)
        depth = [UInt8](repeating: 0, count: width * height)
    }
}
