import BiocapSBIProtocol
import Testing

/// The exact formats MOSIP's schemas demand, and strict base64url.
@Suite struct SBIFieldFormatTests {
    @Test func timestampsAreExactlyYearToSecondInUTC() {
        for good in ["2026-12-02T14:07:26Z", "2024-02-29T23:59:59Z", "1999-01-01T00:00:00Z"] { #expect(SBIFieldFormat.isTimestamp(good), "\(good)") }
        for bad in ["2026-12-02T14:07:26.123Z", "2026-12-02T14:07:26", "2026-12-02 14:07:26Z", "2026-12-02T14:07:26+00:00",
                    "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-02T24:00:00Z", ""] {
            #expect(!SBIFieldFormat.isTimestamp(bad), "\(bad)")
        }
    }

    @Test func scoresFollowMOSIPsPattern() {
        for good in ["0", "7", "40", "99", "100", "100.0", "100.00", "87.5", "0.25", "05"] { #expect(SBIFieldFormat.isScore(good), "\(good)") }
        for bad in ["101", "100.5", "-1", "1e2", "40.", ".5", "", " 40", "abc", "1000"] { #expect(!SBIFieldFormat.isScore(bad), "\(bad)") }
    }

    @Test func strictBase64URLRefusesCharactersOutsideItsAlphabet() {
        #expect(Base64URL.decodeStrict("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decodeStrict("aGk") == Array("hi".utf8))
        #expect(Base64URL.decodeStrict("aGk=") == Array("hi".utf8))
        #expect(Base64URL.decodeStrict("") == [])
        for bad in ["+/8", "aG k", "aGk\n", "a=Gk", "aGk==", "aGk===", "a", "aGk!"] { #expect(Base64URL.decodeStrict(bad) == nil, "\(bad)") }
        // The lenient decoder (for what clients send) still takes the standard alphabet.
        #expect(Base64URL.decode("+/8") == [0xFB, 0xFF])
    }
}
