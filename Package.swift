// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The modules that compute over pixels or bytes in bulk are optimised in debug builds too: quality, imaging and
/// synthesis (the tests and the demo run them on hundreds of real images and simulated frames, about ten times slower
/// unoptimised), the fingerprint drivers (swipe assembly, descrambling), the reader of USB recordings, the test
/// support (sample packets of megabytes) and the quality tests (slaps and portraits composed for each test). Each costs build time (-O compiles
/// two to three times slower): only where the tests gained more than the build lost. The rest stays unoptimised.
let computing: [SwiftSetting] = strict + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "biocap",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BiocapCore", targets: ["BiocapCore"]),
        .library(name: "BiocapImaging", targets: ["BiocapImaging"]),
        .library(name: "BiocapQuality", targets: ["BiocapQuality"]),
        .library(name: "BiocapRecords", targets: ["BiocapRecords"]),
        .library(name: "BiocapDeviceKit", targets: ["BiocapDeviceKit"]),
        .library(name: "BiocapDevices", targets: ["BiocapDevices"]),
        .library(name: "BiocapQueue", targets: ["BiocapQueue"]),
        .library(name: "BiocapProtection", targets: ["BiocapProtection"]),
        .library(name: "BiocapHandoff", targets: ["BiocapHandoff"]),
        .library(name: "BiocapHID", targets: ["BiocapHID"]),
        .library(name: "BiocapAPI", targets: ["BiocapAPI"]),
        .library(name: "BiocapEngine", targets: ["BiocapEngine"]),
        .library(name: "BiocapServer", targets: ["BiocapServer"]),
        .library(name: "BiocapSBIProtocol", targets: ["BiocapSBIProtocol"]),
        .library(name: "BiocapSBI", targets: ["BiocapSBI"]),
        .executable(name: "biocapd", targets: ["biocapd"]),
        .executable(name: "biocapctl", targets: ["biocapctl"]),
        .executable(name: "biocap-queue-soak", targets: ["biocap-queue-soak"]),
        .executable(name: "biocap-bench", targets: ["biocap-bench"]),
        .executable(name: "biocap-center", targets: ["biocap-center"]),
        .executable(name: "biocap-handoff-bench", targets: ["biocap-handoff-bench"]),
        .executable(name: "biocap-formats-bench", targets: ["biocap-formats-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Without the ConfigurationSupport trait (we configure the server in code): with two traits enabled, SwiftPM 6.3 passes
        // their defines in a different order from one run to the next, and a `swift build` after a `swift test` then
        // recompiled Hummingbird (113 files, about 20 s).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // System libraries: module maps and shim headers only.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "COpenJPEG", pkgConfig: "libopenjp2", providers: [.apt(["libopenjp2-7-dev"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Value types, images, quality, records.
        .target(name: "BiocapCore", swiftSettings: strict),
        .target(name: "BiocapImaging", dependencies: ["BiocapCore", "CTurboJPEG", "CZlib", "COpenJPEG"], swiftSettings: computing),
        .target(name: "BiocapQuality", dependencies: ["BiocapCore"], swiftSettings: computing),
        .target(
            name: "BiocapRecords",
            dependencies: ["BiocapCore", "BiocapImaging", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),

        // The kit's keys and the sealing of stored packets.
        .target(name: "BiocapProtection", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),

        // HID digitizers: the report-descriptor parser, the pen report of a signature pad, and its reader over a transport.
        .target(name: "BiocapHID", dependencies: ["BiocapCore", "BiocapDeviceKit"], exclude: ["WacomSTU/README.md"], swiftSettings: strict),
        // The hand-off to the centre: S3 request signing, records sealed to the centre's key.
        .target(
            name: "BiocapHandoff",
            dependencies: [
                "BiocapQueue", "BiocapRecords", "BiocapProtection", "BiocapAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),

        // Devices, from the wire up.
        .target(name: "BiocapUSB", dependencies: ["BiocapCore", "CLibUSB"], swiftSettings: strict),
        .target(name: "BiocapDeviceKit", dependencies: ["BiocapCore"], swiftSettings: strict),
        .target(
            name: "BiocapFingerprintDrivers",
            dependencies: [
                "BiocapCore", "BiocapDeviceKit",
                // AES-128 of one block, for the challenge of second-generation Microsoft readers (uru4000).
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            exclude: [
                "NB1010/README.md", "AES3500/README.md", "UpekTCImg/README.md", "URU4000/README.md", "VFS301/README.md",
                "VFS5011/README.md", "VFS0050/README.md", "AES2501/README.md", "Egis0570/README.md", "Elan/README.md",
                "Swipe/README.md", "VFS7552/README.md",
            ],
            swiftSettings: computing
        ),
        .target(
            name: "BiocapUVC", dependencies: ["BiocapCore", "BiocapImaging", "BiocapDeviceKit"],
            exclude: ["README.md"], swiftSettings: strict
        ),
        .target(name: "BiocapSynthesis", dependencies: ["BiocapCore"], swiftSettings: computing),
        .target(
            name: "BiocapSimulation",
            dependencies: ["BiocapCore", "BiocapImaging", "BiocapDeviceKit", "BiocapUVC", "BiocapSynthesis"],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapDevices",
            dependencies: [
                "BiocapCore", "BiocapUSB", "BiocapDeviceKit", "BiocapFingerprintDrivers", "BiocapUVC", "BiocapSimulation", "BiocapHID",
            ],
            swiftSettings: strict
        ),
        .target(name: "BiocapDeviceTesting", dependencies: ["BiocapCore", "BiocapDeviceKit"], swiftSettings: computing),

        // Storage, the wire, the capture path, the engine and the server.
        .target(
            name: "BiocapQueue",
            dependencies: [
                "BiocapCore", "BiocapRecords", "BiocapAPI", "BiocapProtection",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "BiocapAPI", dependencies: ["BiocapCore", "BiocapRecords"], swiftSettings: strict),
        .target(
            name: "BiocapCapture",
            dependencies: ["BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapRecords", "BiocapDeviceKit"],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapEngine",
            dependencies: [
                "BiocapCore", "BiocapRecords", "BiocapQuality", "BiocapDeviceKit", "BiocapDevices", "BiocapQueue",
                "BiocapAPI", "BiocapCapture",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapServer",
            dependencies: [
                "BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapDeviceKit", "BiocapDevices", "BiocapUSB",
                "BiocapQueue", "BiocapAPI", "BiocapCapture", "BiocapEngine", "BiocapUVC", "BiocapSynthesis", "BiocapSimulation",
                "BiocapProtection", "BiocapHandoff", "BiocapRecords", "BiocapSBI", "BiocapSBIProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MOSIP SBI 0.9.5: the documents, signing and hash chain (shared with biocapctl's client), and the device service.
        .target(
            name: "BiocapSBIProtocol",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapSBI",
            dependencies: [
                "BiocapSBIProtocol", "BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapRecords", "BiocapCapture", "BiocapEngine", "BiocapAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Executables.
        .executableTarget(
            name: "biocapd",
            dependencies: ["BiocapCore", "BiocapServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocapctl",
            dependencies: [
                "BiocapCore", "BiocapAPI", "BiocapImaging", "BiocapQuality", "BiocapRecords", "BiocapUSB",
                "BiocapDeviceKit", "BiocapUVC", "BiocapDevices", "BiocapCapture", "BiocapHID", "BiocapSBIProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-queue-soak",
            dependencies: ["BiocapCore", "BiocapRecords", "BiocapQueue", "BiocapProtection"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-center",
            dependencies: [
                "BiocapHandoff", "BiocapRecords", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-handoff-bench",
            dependencies: [
                "BiocapCore", "BiocapRecords", "BiocapQueue", "BiocapProtection", "BiocapHandoff",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-formats-bench",
            dependencies: ["BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapRecords", "BiocapSynthesis"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-bench",
            dependencies: ["BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapSynthesis", "BiocapUVC"],
            swiftSettings: strict
        ),

        // Tests: one target per module, plus shared helpers.
        .target(name: "BiocapTestSupport", dependencies: ["BiocapCore", "BiocapRecords", "BiocapHandoff"], path: "Tests/BiocapTestSupport", swiftSettings: computing),
        .testTarget(name: "BiocapCoreTests", dependencies: ["BiocapCore"], swiftSettings: strict),
        .testTarget(name: "BiocapImagingTests", dependencies: ["BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapQualityTests",
            dependencies: ["BiocapQuality", "BiocapImaging", "BiocapSynthesis", "BiocapTestSupport"],
            swiftSettings: computing
        ),
        .testTarget(name: "BiocapRecordsTests", dependencies: ["BiocapRecords", "BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(name: "BiocapUSBTests", dependencies: ["BiocapUSB", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapFingerprintDriversTests",
            dependencies: [
                "BiocapFingerprintDrivers", "BiocapDeviceKit", "BiocapDeviceTesting", "BiocapDevices", "BiocapImaging",
                "BiocapTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapUVCTests",
            dependencies: [
                "BiocapUVC", "BiocapDeviceKit", "BiocapDeviceTesting", "BiocapSimulation", "BiocapSynthesis", "BiocapDevices",
                "BiocapImaging", "BiocapTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BiocapSynthesisTests", dependencies: ["BiocapSynthesis", "BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapSimulationTests",
            dependencies: ["BiocapSimulation", "BiocapSynthesis", "BiocapDeviceKit", "BiocapDevices", "BiocapImaging", "BiocapTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "BiocapDeviceKitTests", dependencies: ["BiocapDeviceKit"], swiftSettings: strict),
        .testTarget(name: "BiocapDevicesTests", dependencies: ["BiocapDevices", "BiocapCore", "BiocapHID", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(name: "BiocapAPITests", dependencies: ["BiocapAPI", "BiocapCore"], swiftSettings: strict),
        .testTarget(name: "BiocapQueueTests", dependencies: ["BiocapQueue", "BiocapRecords", "BiocapProtection", "BiocapTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "BiocapProtectionTests", dependencies: ["BiocapProtection", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapSBIProtocolTests",
            dependencies: [
                "BiocapSBIProtocol", "BiocapTestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BiocapHIDTests", dependencies: ["BiocapHID", "BiocapDeviceKit", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapHandoffTests",
            dependencies: [
                "BiocapHandoff", "BiocapQueue", "BiocapRecords", "BiocapProtection", "BiocapAPI", "BiocapTestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapCaptureTests",
            dependencies: ["BiocapCapture", "BiocapImaging", "BiocapRecords", "BiocapDeviceKit", "BiocapDeviceTesting", "BiocapTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapEngineTests",
            dependencies: [
                "BiocapEngine", "BiocapCapture", "BiocapAPI", "BiocapDeviceKit", "BiocapDevices", "BiocapSimulation",
                "BiocapSynthesis", "BiocapQuality", "BiocapDeviceTesting", "BiocapTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapServerTests",
            dependencies: [
                "BiocapServer", "BiocapEngine", "BiocapAPI", "BiocapCapture", "BiocapQuality", "BiocapQueue", "BiocapRecords", "BiocapDevices",
                "BiocapTestSupport", "BiocapDeviceTesting",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapSBITests",
            dependencies: ["BiocapSBI", "BiocapSBIProtocol", "BiocapCore", "BiocapAPI", "BiocapTestSupport", .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "biocapdTests",
            dependencies: [
                "BiocapAPI", "BiocapCore", "BiocapDevices", "BiocapTestSupport", "BiocapQueue", "BiocapHandoff",
                "BiocapRecords", "BiocapImaging",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
