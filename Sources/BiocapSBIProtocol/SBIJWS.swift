/// JSON Web Signatures as SBI uses them: compact serialisation, `RS256`, the device certificate chain in `x5c`.
public enum SBIJWS {
    struct Header: Encodable {
        let alg = "RS256"
        let typ = "JWT"
        let x5c: [String]
    }

    /// `b64url(header).b64url(payload).b64url(signature)` over the ASCII-safe JSON of `payload`.
    public static func sign(_ payload: some Encodable, with identity: SBIDeviceIdentity) throws(SBIIdentityError) -> String {
        let payloadJSON: [UInt8]
        let headerJSON: [UInt8]
        do {
            payloadJSON = try SBIJSON.encode(payload)
            headerJSON = try SBIJSON.encode(Header(x5c: identity.chain.map { Base64Standard.encode($0) }))
        } catch {
            throw .invalid("could not encode the JWS: \(error)")
        }
        let signingInput = Base64URL.encode(headerJSON) + "." + Base64URL.encode(payloadJSON)
        let signature = try identity.signRS256(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
