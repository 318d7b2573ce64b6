import ArgumentParser
import BiocapSBIProtocol
import Foundation

/// `biocapctl sbi info [--port N]`: MOSIPDINFO, every `deviceInfo` JWS and the `digitalId` JWS inside it verified.
struct SBIInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show each device's signed info (MOSIPDINFO) and verify its signatures.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var sbi: SBIOptions

    /// One entry as checked and printed.
    struct Checked: Codable {
        var error: SBIErrorInfo
        var signed: Bool
        var deviceInfo: SBIDeviceInfo?
        var digitalId: SBIDigitalID?
        var certificate: SBICertificateSummary?
        var problems: [String]
    }

    func run() async throws {
        let port = sbi.port
        let entries = try await SBIClient.run { try await $0.deviceInfo(port: port) }
        let now = Date()
        let checked = entries.map { check($0, now: now) }
        if options.json {
            Console.out(bytes: try SBIOutput.json(checked))
        } else {
            if checked.isEmpty { Console.out("no device") }
            for (index, entry) in checked.enumerated() { show(entry, number: index + 1) }
        }
        let failures = checked.reduce(0) { $0 + $1.problems.count }
        if failures > 0 {
            throw CLIError(.failed, "\(failures) problem(s) in the MOSIPDINFO answer from 127.0.0.1:\(port)")
        }
    }

    private func check(_ entry: SBIDeviceInfoEntry, now: Date) -> Checked {
        var checked = Checked(error: entry.error, signed: false, problems: [])
        guard let deviceInfo = entry.deviceInfo, !deviceInfo.isEmpty else {
            if entry.error.isSuccess { checked.problems.append("no deviceInfo although the error code is 0") }
            return checked
        }
        guard deviceInfo.split(separator: ".", omittingEmptySubsequences: false).count == 3 else {
            // A Not Registered device sends its info unsigned (base64url JSON).
            checked.deviceInfo = Base64URL.decode(deviceInfo).flatMap { try? SBIJSON.decode(SBIDeviceInfo.self, from: $0) }
            if checked.deviceInfo == nil { checked.problems.append("deviceInfo is neither a JWS nor base64url device info") }
            if entry.error.isSuccess { checked.problems.append("deviceInfo is unsigned although the error code is 0") }
            return checked
        }
        do {
            let (info, signed) = try SBIJWS.verify(deviceInfo, as: SBIDeviceInfo.self, now: now)
            checked.signed = true
            checked.deviceInfo = info
            checked.certificate = try? SBICertificateSummary(signed.certificate)
            do {
                checked.digitalId = try SBIJWS.verify(info.digitalId, as: SBIDigitalID.self, now: now).0
            } catch {
                checked.problems.append("digitalId: \(error.description)")
            }
        } catch {
            checked.problems.append("deviceInfo: \(error.description)")
            checked.certificate = try? SBICertificateSummary(x5cOf: deviceInfo)
        }
        return checked
    }

    private func show(_ entry: Checked, number: Int) {
        var lines: [String] = []
        let info = entry.deviceInfo
        let status = info?.deviceStatus ?? "-"
        lines.append("device \(number): \(info?.deviceId ?? "-")  status \(status)  error \(entry.error.errorCode) \(entry.error.errorInfo)")
        if let id = entry.digitalId {
            lines.append("  type:          \(id.type) / \(id.deviceSubType)")
            lines.append("  make/model:    \(id.make) \(id.model), serial \(id.serialNo)")
            lines.append("  provider:      \(id.deviceProvider) (\(id.deviceProviderId)), digitalId dateTime \(id.dateTime)")
        }
        if let info {
            lines.append("  sub-ids:       \(info.deviceSubId.joined(separator: ", "))")
            lines.append("  env/purpose:   \(info.env) / \(info.purpose)")
            lines.append("  spec:          \(info.specVersion.joined(separator: ", ")), certification \(info.certification), "
                         + "service \(info.serviceVersion), firmware \(info.firmware)")
            lines.append("  device code:   \(info.deviceCode), callback \(info.callbackId)")
        }
        if let certificate = entry.certificate {
            lines.append("  certificate:   \(certificate.subject)")
            lines.append("  valid:         \(certificate.notValidBefore) to \(certificate.notValidAfter) (\(certificate.key))")
            lines.append("  SHA-256:       \(certificate.sha256Fingerprint)")
        }
        let verdict = entry.problems.isEmpty ? (entry.signed ? "deviceInfo and digitalId verified" : "unsigned (not registered)") : "FAILED"
        lines.append("  signatures:    \(verdict)")
        for problem in entry.problems { lines.append("  problem:       \(problem)") }
        Console.out(lines.joined(separator: "\n"))
    }
}
