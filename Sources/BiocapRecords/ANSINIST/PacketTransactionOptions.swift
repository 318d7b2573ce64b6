/// What a packet's ANSI/NIST-ITL transaction says about itself beyond the packet: the Type-1 values agreed with
/// the receiving registry.
public struct PacketTransactionOptions: Sendable, Hashable {
    /// 1.004 TOT, 1–16 letters.
    public var typeOfTransaction: String
    /// 1.007 DAI: the receiving registry's agency identifier.
    public var destinationAgency: String
    /// 1.006 PRY, 1 (highest) … 9; nil leaves the optional field out.
    public var priority: Int?
    /// 1.002 VER; from Update:2013 on the image records also carry xx.992 T2C.
    public var version: NISTVersion
    /// 1.013 DOM: the domain whose Type-2 field definitions the transaction follows.
    public var domainName: String
    public var domainVersion: String
    /// 10.013 SAP for faces: 0 "unknown profile" unless the kit's camera set-up is known to meet a profile.
    public var faceAcquisitionProfile: Int

    public init(
        typeOfTransaction: String = "BIO", destinationAgency: String = "CENTRE", priority: Int? = 5,
        version: NISTVersion = .v2011, domainName: String = "BIOCAP", domainVersion: String = "1",
        faceAcquisitionProfile: Int = 0
    ) {
        self.typeOfTransaction = typeOfTransaction
        self.destinationAgency = destinationAgency
        self.priority = priority
        self.version = version
        self.domainName = domainName
        self.domainVersion = domainVersion
        self.faceAcquisitionProfile = faceAcquisitionProfile
    }
}
