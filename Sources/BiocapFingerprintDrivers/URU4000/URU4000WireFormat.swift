/// The U.are.U 4000 family on the wire: registers read and written with vendor control requests, an
/// interrupt endpoint that reports power and finger events, and a bulk endpoint for the image.
public enum URU4000WireFormat {
    /// Vendor control request for register access: `wValue` = first register, `wIndex` = 0.
    public static let registerRequest: UInt8 = 0x04
    public static let readRequestType: UInt8 = 0xc0
    public static let writeRequestType: UInt8 = 0x40

    /// Interrupt IN: 64-byte reports whose first two bytes (big-endian) say what happened.
    public static let interruptEndpoint: UInt8 = 0x81
    public static let interruptLength = 64
    /// Bulk IN: one image frame per capture.
    public static let imageEndpoint: UInt8 = 0x82

    /// Registers.
    public enum Register {
        /// Hardware status: bit 7 low-power mode, bit 2 "something went wrong", bit 0 ready.
        public static let hardwareStatus: UInt16 = 0x07
        /// Key number and 32-bit seed, written before the image key is read (5 bytes).
        public static let scrambleDataIndex: UInt16 = 0x33
        /// The image key XOR the seed just written (4 bytes, little-endian).
        public static let scrambleDataKey: UInt16 = 0x34
        public static let mode: UInt16 = 0x4e
        /// 16 bytes of versions (hardware revision and firmware, bytes 10–11 and 4–5).
        public static let deviceInfo: UInt16 = 0xf0
        public static let deviceInfoLength = 16
        /// Second-generation Microsoft readers: the driver's answer (16 bytes).
        public static let challengeResponse: UInt16 = 0x2000
        /// Second-generation Microsoft readers: the device's challenge (16 bytes).
        public static let challenge: UInt16 = 0x2010
        public static let challengeLength = 16
    }

    /// Values of the mode register.
    public enum Mode {
        public static let initial: UInt8 = 0x00
        public static let awaitFingerOn: UInt8 = 0x10
        public static let awaitFingerOff: UInt8 = 0x12
        public static let capture: UInt8 = 0x20
        public static let captureAuxiliary: UInt8 = 0x30
        public static let off: UInt8 = 0x70
        public static let ready: UInt8 = 0x80
    }

    /// Interrupt report types (the first two bytes, big-endian).
    public enum Interrupt {
        public static let scanPowerOn: UInt16 = 0x56aa
        public static let fingerOn: UInt16 = 0x0101
        public static let fingerOff: UInt16 = 0x0200
        /// Announces that the next scan will fail (libfprint: "the interrupt of death").
        public static let imminentFailure: UInt16 = 0x0800
    }

    /// Hardware-status bits.
    public enum HardwareStatus {
        public static let lowPower: UInt8 = 0x80
        /// Low power together with bit 2: the device is confused and its power must be cycled.
        public static let needsPowerReboot: UInt8 = 0x84
        public static let ready: UInt8 = 0x01
        /// The low nibble is written back when powering up.
        public static let writableBits: UInt8 = 0x0f
    }

    /// The AES-128 key second-generation Microsoft readers expect their challenge encrypted with.
    public static let challengeKey: [UInt8] = [
        0x79, 0xac, 0x91, 0x79, 0x5c, 0xa1, 0x47, 0x8e,
        0x98, 0xe0, 0x0f, 0x3c, 0x59, 0x8f, 0x5f, 0x4b,
    ]
}
