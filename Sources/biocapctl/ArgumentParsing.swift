import ArgumentParser
import BiocapCore

/// Parses the CLI's textual values (positions, modalities, `POSITION=REASON` exceptions) with messages
/// that list what is allowed.
enum ArgumentParsing {
    static func position(_ name: String) throws(CLIError) -> BiometricPosition {
        guard let position = BiometricPosition(name: name) else {
            throw .usage("unknown position '\(name)'; one of: \(BiometricPosition.all.map(\.name).joined(separator: ", "))")
        }
        return position
    }

    static func modality(_ name: String) throws(CLIError) -> Modality {
        guard let modality = Modality(rawValue: name) else {
            throw .usage("unknown modality '\(name)'; one of: \(Modality.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return modality
    }

    /// `right-thumb=amputated` or `left-iris=injured:in plaster` (text after `:` is the note).
    static func exception(_ text: String) throws(CLIError) -> BiometricException {
        guard let equals = text.firstIndex(of: "=") else {
            throw .usage("exception '\(text)' is not POSITION=REASON")
        }
        let position = try position(String(text[..<equals]))
        let rest = text[text.index(after: equals)...]
        let reasonText = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let note = rest.firstIndex(of: ":").map { String(rest[rest.index(after: $0)...]) }
        guard let reason = ExceptionReason(rawValue: reasonText) else {
            throw .usage("unknown exception reason '\(reasonText)'; one of: \(ExceptionReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return BiometricException(position: position, reason: reason, note: note?.isEmpty == true ? nil : note)
    }

    /// Help text listing the exception reasons.
    static let exceptionHelp = "POSITION=REASON[:NOTE], REASON one of \(ExceptionReason.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable."
}
