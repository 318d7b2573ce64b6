/// One AES2501 register write, or a group break: libfprint writes a table of (register, value)
/// pairs, up to 16 per bulk message, and a pair with register 0 forces the next pair into a new
/// message.
public struct AES2501Register: Sendable, Equatable {
    public var register: UInt8
    public var value: UInt8

    /// A write of `value` to `register`.
    public init(_ register: UInt8, _ value: UInt8) {
        self.register = register
        self.value = value
    }

    /// Starts a new bulk message.
    public static let groupBreak = AES2501Register(0, 0)

    /// Most pairs in one bulk message.
    public static let maximumPerMessage = 16

    /// The bulk OUT messages for `table`, grouped as libfprint's `aes_write_regv` groups them.
    public static func messages(_ table: [AES2501Register]) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var offset = 0
        while offset < table.count {
            guard table[offset].register != 0 else { offset += 1; continue }
            var end = min(table.count, offset + maximumPerMessage)
            if let zero = table[offset..<end].firstIndex(where: { $0.register == 0 }) { end = zero }
            messages.append(table[offset..<end].flatMap { [$0.register, $0.value] })
            offset = end
        }
        return messages
    }
}
