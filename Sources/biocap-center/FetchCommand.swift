import ArgumentParser
import BiocapHandoff
import Foundation

/// `biocap-center fetch`: checks one packet and writes its opened records and manifests into a folder.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Check one packet and write its records (<record-id>.<format>.bin), packet-manifest.json and manifest.json into a folder; with --format an2 also transaction.an2.")

    /// What is written beside the opened records.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        /// The records and manifests only.
        case records
        /// Also `transaction.an2`, the packet as an ANSI/NIST-ITL 1-2011 transaction.
        case an2
    }

    @OptionGroup var store: StoreOptions

    @Option(help: "The kit that delivered the packet (found by searching every kit's folder when not given).")
    var kit: String?

    @Option(help: "The packet's id.")
    var packet: String

    @Option(help: "Folder to write into (created if missing).")
    var out: String

    @Option(help: "records (default), or an2: also write transaction.an2 (ANSI/NIST-ITL 1-2011) built from the opened records.")
    var format: OutputFormat = .records

    func run() async throws {
        guard kit.map(DeliveryLayout.isSafeSegment) ?? true, DeliveryLayout.isSafeSegment(packet) else {
            throw ValidationError("--kit and --packet must be ids (letters, digits, '-', '_', '.')")
        }
        let verdict: PacketVerdict
        do {
            let verifier = try store.verifier()
            var kitID = kit
            if kitID == nil {
                let holders = try await verifier.kits(holding: packet)
                guard holders.count == 1 else {
                    print(holders.isEmpty ? "\(packet) no such packet in the store"
                          : "\(packet) is in the folders of several kits (\(holders.joined(separator: ", "))): give --kit")
                    throw ExitCode(1)
                }
                kitID = holders[0]
            }
            verdict = try await verifier.fetch(kitID: kitID ?? "", packetID: packet, into: URL(fileURLWithPath: out))
        } catch let error as CenterError {
            throw ValidationError(error.description)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("biocap-center: cannot read the store: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(verdict.description)
        guard verdict.isValid else { throw ExitCode(1) }
        if format == .an2 {
            do {
                let file = try CenterTransactionExport.write(in: URL(fileURLWithPath: out))
                print("\(packet) transaction \(file.lastPathComponent)")
            } catch {
                FileHandle.standardError.write(Data("biocap-center: cannot write \(CenterTransactionExport.fileName): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        FileHandle.standardError.write(Data("written to \(out)\n".utf8))
    }
}
