// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spacert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spacert", targets: ["spacert"]),
        .library(name: "SpacertKit", targets: ["SpacertKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libxml2, the system C library. Only SpacertXML may import it.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // The one small wrapper that owns libxml2 and exposes plain Swift values.
        .target(name: "SpacertXML", dependencies: ["CLibXML2"]),
        // FSRS-6, a pure scheduler: no clock, no database, no global randomness.
        .target(name: "SpacertFSRS"),
        // Terminal primitives: raw mode, keys, display width, wrapping, colour policy.
        .target(name: "SpacertTerminal"),
        // The library that does the work.
        .target(
            name: "SpacertKit",
            dependencies: [
                "SpacertXML", "SpacertFSRS", "SpacertTerminal",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The thin command-line front end.
        .executableTarget(
            name: "spacert",
            dependencies: [
                "SpacertKit", "SpacertFSRS", "SpacertTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "SpacertKitTests", dependencies: ["SpacertKit"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SpacertTerminalTests", dependencies: ["SpacertTerminal"]),
        .testTarget(
            name: "SpacertFSRSTests", dependencies: ["SpacertFSRS"],
            resources: [.copy("Fixtures")]),
    ]
)
