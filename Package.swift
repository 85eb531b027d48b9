// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spacert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spacert", targets: ["spacert"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libxml2, the system C library. Only SpacertXML may import it.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // The one small wrapper that owns libxml2 and exposes plain Swift values.
        .target(name: "SpacertXML", dependencies: ["CLibXML2"]),
        // cairo, the system C library, for the printable certificate. Only SpacertPDF imports it.
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        // A one-page PDF drawn with cairo: text, lines, filled boxes and a PNG logo.
        .target(name: "SpacertPDF", dependencies: ["CCairo"]),
        // libqrencode, the system C library. Only SpacertQR imports it.
        .systemLibrary(
            name: "CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]),
        // QR code symbols as plain Swift values (a square of dark and light modules).
        .target(name: "SpacertQR", dependencies: ["CQREncode"]),
        // Small pure helpers every module shares: microsecond time, civil dates, FNV-1a.
        .target(name: "SpacertCore"),
        // FSRS-6, a pure scheduler: no I/O, no threads, no clock, no global randomness.
        .target(name: "SpacertFSRS", dependencies: ["SpacertCore"]),
        // `spacert replay`: the FSRS replay engine (its JSON codec, number and time writers,
        // worker threads, memory maps) over the pure scheduler.
        .target(name: "SpacertReplay", dependencies: ["SpacertCore", "SpacertFSRS"]),
        // Terminal primitives: raw mode, keys, display width, wrapping, colour policy.
        .target(name: "SpacertTerminal"),
        // The library that does the work.
        .target(
            name: "SpacertKit",
            dependencies: [
                "SpacertCore", "SpacertXML", "SpacertFSRS", "SpacertTerminal", "SpacertPDF", "SpacertQR",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        // The full-screen terminal front ends over SpacertKit: the practice quiz and the exam,
        // their drawing and their keys. SpacertKit does not depend on it.
        .target(name: "SpacertScreens", dependencies: ["SpacertKit", "SpacertTerminal"]),
        // The thin command-line front end.
        .executableTarget(
            name: "spacert",
            dependencies: [
                "SpacertKit", "SpacertScreens", "SpacertFSRS", "SpacertReplay", "SpacertTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "SpacertKitTests", dependencies: ["SpacertKit", "SpacertScreens", "spacert"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SpacertTerminalTests", dependencies: ["SpacertTerminal"]),
        .testTarget(
            name: "SpacertFSRSTests", dependencies: ["SpacertCore", "SpacertFSRS", "SpacertReplay"],
            resources: [.copy("Fixtures")]),
    ]
)
