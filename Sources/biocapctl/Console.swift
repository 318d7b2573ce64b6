import Foundation

/// Where the CLI writes: results to standard output, diagnostics to standard error.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes bytes as they are (an API document), ending with a newline.
    static func out(bytes: [UInt8]) {
        var data = Data(bytes)
        if data.last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(data)
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
