/// What differs between the models of the U.are.U / Microsoft family (libfprint's device profiles).
public struct URU4000Profile: Sendable, Equatable {
    /// The model name libfprint gives this profile.
    public var name: String
    /// Second-generation Microsoft readers authenticate the driver: while powering up they must be
    /// answered a challenge (AES-128 of 16 bytes read from register 0x2010, written to 0x2000).
    public var needsChallengeResponse: Bool
    /// The sensor's image is turned by 180° (flipped both ways) before it is reported. libfprint does
    /// this for the U.are.U 4000B profile (05ba:000a, sold as the 4000B and the 4500) and for no other.
    public var rotatesImage: Bool

    public init(name: String, needsChallengeResponse: Bool, rotatesImage: Bool) {
        self.name = name
        self.needsChallengeResponse = needsChallengeResponse
        self.rotatesImage = rotatesImage
    }

    public static let microsoftKeyboard = URU4000Profile(
        name: "Microsoft Keyboard with Fingerprint Reader", needsChallengeResponse: false, rotatesImage: false)
    public static let microsoftIntelliMouse = URU4000Profile(
        name: "Microsoft Wireless IntelliMouse with Fingerprint Reader", needsChallengeResponse: false, rotatesImage: false)
    public static let microsoftStandalone = URU4000Profile(
        name: "Microsoft Fingerprint Reader", needsChallengeResponse: false, rotatesImage: false)
    public static let microsoftStandaloneV2 = URU4000Profile(
        name: "Microsoft Fingerprint Reader v2", needsChallengeResponse: true, rotatesImage: false)
    public static let uareu4000 = URU4000Profile(
        name: "U.are.U 4000", needsChallengeResponse: false, rotatesImage: false)
    public static let uareu4000B = URU4000Profile(
        name: "U.are.U 4000B/4500", needsChallengeResponse: false, rotatesImage: true)
}
