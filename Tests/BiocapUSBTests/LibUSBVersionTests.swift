import Testing
@testable import BiocapUSB

@Suite struct LibUSBVersionTests {
    @Test func reportsTheLoadedLibrary() {
        #expect(LibUSBVersion.string.split(separator: ".").count == 3)
    }
}
