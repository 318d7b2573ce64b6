import Testing
@testable import BiocapUSB

/// String descriptors as devices send them, well-formed or not (`biocapctl usb` prints them).
@Suite struct USBStringDescriptorTests {
    /// A string descriptor of `text` in UTF-16LE, with `bLength` as given or the true length.
    private func descriptor(_ text: String, length: Int? = nil) -> [UInt8] {
        let payload = text.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        return [UInt8(length ?? payload.count + 2), 0x03] + payload
    }

    @Test func decodesUTF16IncludingTextBeyondASCII() {
        #expect(USBStringDescriptor.text(descriptor("U.are.U® 4500")) == "U.are.U® 4500")
        #expect(USBStringDescriptor.text(descriptor("Zhejiang 中控")) == "Zhejiang 中控")
    }

    @Test func readsNoFurtherThanBothTheLengthFieldAndTheBytesReceived() {
        // bLength says 8 (three characters), the transfer brought more: the rest is not part of the string.
        #expect(USBStringDescriptor.text(descriptor("ABCDEF", length: 8)) == "ABC")
        // bLength says 200, the transfer brought four characters: those four.
        #expect(USBStringDescriptor.text(descriptor("WXYZ", length: 200)) == "WXYZ")
        // An odd length leaves half a code unit, which is ignored.
        #expect(USBStringDescriptor.text(descriptor("AB", length: 5)) == "A")
    }

    @Test func refusesMalformedAndEmptyDescriptors() {
        #expect(USBStringDescriptor.text([]) == nil)
        #expect(USBStringDescriptor.text([0x04]) == nil)
        #expect(USBStringDescriptor.text([0x06, 0x01, 0x41, 0x00, 0x42, 0x00]) == nil, "a device descriptor's type")
        #expect(USBStringDescriptor.text([0x01, 0x03, 0x41, 0x00]) == nil, "bLength shorter than the header")
        #expect(USBStringDescriptor.text([0x02, 0x03]) == nil)
        #expect(USBStringDescriptor.text(descriptor("\0\0")) == nil, "padding only")
        #expect(USBStringDescriptor.text(descriptor("Sensor\0\0")) == "Sensor")
    }

    @Test func turnsControlCharactersIntoQuestionMarks() {
        // A terminal escape (ESC [ 2 J clears the screen) and a newline in a product name.
        #expect(USBStringDescriptor.text(descriptor("Scan\u{1B}[2J\ner")) == "Scan?[2J?er")
    }

    @Test func invalidUTF16BecomesReplacementCharacters() {
        // A lone high surrogate.
        #expect(USBStringDescriptor.text([0x06, 0x03, 0x41, 0x00, 0x00, 0xD8]) == "A\u{FFFD}")
    }

    @Test func takesTheFirstLanguageOfTheList() {
        #expect(USBStringDescriptor.firstLanguage([0x04, 0x03, 0x09, 0x04]) == 0x0409)
        #expect(USBStringDescriptor.firstLanguage([0x06, 0x03, 0x21, 0x04, 0x09, 0x04]) == 0x0421)
        #expect(USBStringDescriptor.firstLanguage([0x02, 0x03]) == nil, "no language")
        #expect(USBStringDescriptor.firstLanguage([0x04, 0x03, 0x09]) == nil, "half a language ID")
        #expect(USBStringDescriptor.firstLanguage([0x04, 0x02, 0x09, 0x04]) == nil, "not a string descriptor")
    }
}
