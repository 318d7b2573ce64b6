import BiocapCore
import Foundation
import Testing

@Suite("Guidance in English and Indonesian")
struct GuidanceLanguageTests {
    @Test("Every code has a distinct, non-empty message in each language")
    func everyCodeHasBothMessages() {
        for language in GuidanceLanguage.allCases {
            let messages = Guidance.allCases.map { $0.message(in: language) }
            #expect(messages.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            #expect(Set(messages).count == messages.count, "duplicate \(language) messages")
        }
        for guidance in Guidance.allCases {
            #expect(guidance.message(in: .english) != guidance.message(in: .indonesian), "\(guidance) untranslated")
            #expect(guidance.message == guidance.message(in: .english))
        }
    }

    @Test("Existing codes keep their raw values")
    func stableCodes() {
        let codes = ["place-finger", "press-harder", "press-lighter", "centre-finger", "hold-still", "clean-sensor",
                     "finger-missing", "open-eyes", "look-at-camera", "move-closer", "move-back", "centre-face",
                     "too-dark", "too-bright", "no-face", "no-eye"]
        for code in codes { #expect(Guidance(rawValue: code) != nil, "\(code) missing") }
    }

    @Test("Language codes select the language; unknown codes fall back to English")
    func languageCodes() {
        #expect(GuidanceLanguage(code: "id") == .indonesian)
        #expect(GuidanceLanguage(code: "id-ID") == .indonesian)
        #expect(GuidanceLanguage(code: "in_ID") == .indonesian)
        #expect(GuidanceLanguage(code: "EN") == .english)
        #expect(GuidanceLanguage(code: "fr") == nil)
        #expect(Guidance.pressHarder.message(languageCode: "id") == "Tekan lebih kuat")
        #expect(Guidance.placeFinger.message(languageCode: "id-ID") == "Letakkan jari pada sensor")
        #expect(Guidance.openEyes.message(languageCode: "fr") == "Open the eyes wide")
    }
}
