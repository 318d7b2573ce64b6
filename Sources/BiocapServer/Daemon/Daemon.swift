import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapEngine
import BiocapHandoff
import BiocapQuality
import BiocapQueue
import BiocapSBI
import BiocapSBIProtocol
import BiocapSimulation
import BiocapUSB
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Assembles and runs biocapd: devices, captures, queue and the API server in one `ServiceGroup`
/// that shuts down gracefully on SIGTERM/SIGINT.
public struct Daemon: Sendable {
    public let configuration: DaemonConfiguration

    public init(configuration: DaemonConfiguration) {
        self.configuration = configuration
    }

    public func run() async throws {
        let configuration = self.configuration
        let logger = {
            var logger = Logger(label: "biocapd")
            logger.logLevel = configuration.logLevel
            return logger
        }()

        let cameraProfiles = configuration.cameraProfiles
        let queue = try EnrolmentQueue(path: configuration.queuePath, maxAttempts: configuration.maxAttempts)
        if let loss = queue.lossAtOpen {
            logger.critical("acknowledged packets are missing from the enrolment queue", metadata: [
                "queue": "\(configuration.queuePath)", "expected": "\(loss.expected)", "found": "\(loss.found)",
                "problem": "\(loss)",
            ])
        }
        let memory = MemoryRelease(queue: queue)
        let devices = DeviceManager(logger: logger)
        for device in configuration.simulation.makeDevices() { await devices.add(device) }
        let packer = RecordPacker(fingerCompression: configuration.fingerCompression, irisCompression: configuration.irisCompression)
        let captures = CaptureManager(devices: devices, makeScorer: { QualityAssessor() }, pack: packer.pack, packCompanions: packer.companions,
                                      keepBytes: configuration.captureMemoryBytes, expireAfter: configuration.captureExpiry,
                                      auditor: { event, details in
                                          do { try await queue.audit(event, details) } catch {
                                              logger.error("audit entry not written", metadata: ["event": "\(event)", "error": "\(error)"])
                                          }
                                          // Every finished capture is audited: its frames, scoring and packing are done.
                                          memory.afterWork()
                                      }, logger: logger)
        let packets = PacketService(queue: queue, captures: captures, kitID: configuration.kitID, afterStore: memory.afterWork)
        var uplinkService: UplinkService?
        if let uplinkConfiguration = try configuration.resolvedUplink() {
            let http = try UplinkHTTPClient.make(caFile: uplinkConfiguration.caFile)
            let uplink = Uplink(configuration: uplinkConfiguration, queue: queue, kitID: configuration.kitID, http: http.client, logger: logger,
                                afterDelivery: memory.afterWork)
            uplinkService = UplinkService(uplink: uplink, ownedClient: http.owned ? http.client : nil)
        } else {
            logger.info("no uplink configured: packets wait in the queue for an uploader (GET /v1/packets/lease)")
        }
        let api = APIServer(devices: devices, captures: captures, packets: packets,
                            policy: AccessPolicy(groupName: configuration.group), uplink: uplinkService?.uplink)
        let notifier = SystemdNotifier()

        let deviceCount = await devices.statuses().count
        let http = APIServer.channelConfiguration(
            idleTimeout: configuration.idleTimeout, limiter: ConnectionLimiter(maximum: configuration.maxConnections))
        let server: any Service
        if let descriptor = SocketActivation.takeListeningDescriptor() {
            server = UnixSocketServer(
                listener: .descriptor(descriptor), responder: api.router().buildResponder(), http: http, logger: logger,
                onServerRunning: {
                    logger.info("biocapd ready (socket-activated)", metadata: ["devices": "\(deviceCount)"])
                    notifier.notify("READY=1\nSTATUS=serving \(deviceCount) devices on the systemd socket")
                    memory.now()
                })
        } else {
            try SocketPreparation.prepare(configuration.socketPath)
            let socketPath = configuration.socketPath
            server = UnixSocketServer(
                listener: .path(socketPath), responder: api.router().buildResponder(), http: http, logger: logger,
                onServerRunning: {
                    if let problem = SocketPreparation.assignGroup(socketPath, group: configuration.group) {
                        logger.warning("\(problem)")
                    }
                    logger.info("biocapd ready", metadata: ["socket": "\(socketPath)", "devices": "\(deviceCount)",
                                                            "queue": "\(configuration.queuePath)"])
                    notifier.notify("READY=1\nSTATUS=serving \(deviceCount) devices on \(socketPath)")
                    memory.now()
                })
        }
        var services: [any Service] = [
            CoreService(devices: devices, queue: queue, logger: logger),
            server,
            ShutdownCoordinator(captures: captures, notifier: notifier, logger: logger),
        ]
        if let uplinkService { services.append(uplinkService) }
        if let sbi = configuration.sbi {
            let identity = try SBIIdentityLoading.identity(for: sbi, stateDirectory: configuration.stateDirectory,
                                                           kitID: configuration.kitID, logger: logger)
            let service = SBIService(devices: devices, captures: captures, identity: identity,
                                     settings: SBISettings(environment: sbi.environment, serviceVersion: BiocapVersion.current),
                                     logger: logger)
            services.append(SBIListener(server: SBIServer(service: service, port: sbi.port, idleTimeout: configuration.idleTimeout, logger: logger)))
        }
        if configuration.usb {
            do {
                services.append(USBWatcher(context: try USBContext(), factory: USBDeviceFactory(cameraProfiles: cameraProfiles),
                                           handler: HotplugHandler(devices: devices, captures: captures, logger: logger),
                                           logger: logger))
            } catch {
                logger.error("USB unavailable; running without real devices", metadata: ["error": "\(error)"])
            }
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
