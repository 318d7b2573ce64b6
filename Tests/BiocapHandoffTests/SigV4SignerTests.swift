import BiocapHandoff
import Foundation
import Testing

/// The signer against AWS's published Signature Version 4 examples: the test suite's `get-vanilla` and
/// `get-vanilla-query-order-key-case`, and the S3 documentation's GET Object example.
@Suite struct SigV4SignerTests {
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let suite = SigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                   region: "us-east-1", service: "service")

    @Test func getVanilla() {
        #expect(SigV4Signer.amzDate(Self.suiteDate) == "20150830T123600Z")
        let signed = Self.suite.sign(method: "GET", path: "/", headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
                                     payloadSHA256: SigV4Signer.emptyPayloadSHA256, date: Self.suiteDate)
        #expect(signed.canonicalRequest == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + SigV4Signer.emptyPayloadSHA256)
        #expect(signed.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func queryParametersAreSortedBeforeSigning() {
        let signed = Self.suite.sign(method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")],
                                     headers: [("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")],
                                     payloadSHA256: SigV4Signer.emptyPayloadSHA256, date: Self.suiteDate)
        #expect(signed.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func s3GetObjectExample() {
        let signer = SigV4Signer(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
        let signed = signer.sign(method: "GET", path: "/test.txt", headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", SigV4Signer.emptyPayloadSHA256), ("x-amz-date", "20130524T000000Z"),
        ], payloadSHA256: SigV4Signer.emptyPayloadSHA256, date: date)
        #expect(signed.stringToSign.hasSuffix("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(signed.signedHeaders == "host;range;x-amz-content-sha256;x-amz-date")
    }

    @Test func pathsAndValuesAreEncodedOnceAsRFC3986Says() {
        #expect(SigV4Signer.encode("kits/kit 1/a+b=c~_.-") == "kits%2Fkit%201%2Fa%2Bb%3Dc~_.-")
        #expect(SigV4Signer.encode("é") == "%C3%A9")
        let signed = Self.suite.sign(method: "PUT", path: "/bucket/kits/kit 1/x.sealed", headers: [("host", "h"), ("x-amz-date", "d")],
                                     payloadSHA256: "UNSIGNED-PAYLOAD", date: Self.suiteDate)
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/bucket/kits/kit%201/x.sealed")
    }
}
