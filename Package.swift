// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "biocap",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BiocapCore", targets: ["BiocapCore"]),
        .library(name: "BiocapImaging", targets: ["BiocapImaging"]),
        .library(name: "BiocapQuality", targets: ["BiocapQuality"]),
        .library(name: "BiocapRecords", targets: ["BiocapRecords"]),
        .library(name: "BiocapDevices", targets: ["BiocapDevices"]),
        .library(name: "BiocapQueue", targets: ["BiocapQueue"]),
        .library(name: "BiocapService", targets: ["BiocapService"]),
        .executable(name: "biocapd", targets: ["biocapd"]),
        .executable(name: "biocapctl", targets: ["biocapctl"]),
        .executable(name: "biocap-queue-soak", targets: ["biocap-queue-soak"]),
        .executable(name: "biocap-bench", targets: ["biocap-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CTurboJPEG",
            pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]
        ),
        .systemLibrary(
            name: "CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .target(name: "BiocapCore", swiftSettings: strict),
        .target(name: "BiocapUSB", dependencies: ["BiocapCore", "CLibUSB"], swiftSettings: strict),
        .target(name: "BiocapImaging", dependencies: ["BiocapCore", "CTurboJPEG"], swiftSettings: strict),
        .target(name: "BiocapQuality", dependencies: ["BiocapCore"], swiftSettings: strict),
        .target(
            name: "BiocapRecords",
            dependencies: ["BiocapCore", "BiocapImaging", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapDevices", dependencies: ["BiocapCore", "BiocapImaging", "BiocapUSB"],
            exclude: ["Drivers/NB1010/README.md", "Drivers/AES3500/README.md", "Drivers/UpekTCImg/README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapQueue",
            dependencies: [
                "BiocapCore", "BiocapRecords", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BiocapService",
            dependencies: [
                "BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapRecords", "BiocapDevices", "BiocapQueue", "BiocapUSB",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocapd",
            dependencies: [
                "BiocapService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocapctl",
            dependencies: [
                "BiocapService", "BiocapCore", "BiocapQuality", "BiocapImaging", "BiocapQueue", "BiocapRecords",
                "BiocapDevices", "BiocapUSB",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-queue-soak",
            dependencies: ["BiocapCore", "BiocapRecords", "BiocapQueue"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "biocap-bench",
            dependencies: ["BiocapCore", "BiocapImaging", "BiocapQuality", "BiocapDevices"],
            swiftSettings: strict
        ),
        .target(name: "BiocapTestSupport", dependencies: ["BiocapCore"], path: "Tests/BiocapTestSupport", swiftSettings: strict),
        .testTarget(name: "BiocapCoreTests", dependencies: ["BiocapCore"], swiftSettings: strict),
        .testTarget(name: "BiocapImagingTests", dependencies: ["BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BiocapQualityTests",
            dependencies: ["BiocapQuality", "BiocapImaging", "BiocapDevices", "BiocapTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "BiocapRecordsTests", dependencies: ["BiocapRecords", "BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(name: "BiocapUSBTests", dependencies: ["BiocapUSB", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(name: "BiocapDevicesTests", dependencies: ["BiocapDevices", "BiocapImaging", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(name: "BiocapQueueTests", dependencies: ["BiocapQueue", "BiocapRecords", "BiocapTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "biocapdTests",
            dependencies: ["BiocapDevices", "BiocapService", "BiocapTestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BiocapServiceTests",
            dependencies: [
                "BiocapService", "BiocapDevices", "BiocapQuality", "BiocapTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
