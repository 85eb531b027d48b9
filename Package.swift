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
        // FSRS-6, a pure scheduler: no clock, no database, no global randomness.
        .target(name: "SpacertFSRS"),
        // Terminal primitives: raw mode, keys, display width, wrapping, colour policy.
        .target(name: "SpacertTerminal"),
        // The library that does the work.
        .target(
            name: "SpacertKit",
            dependencies: [
                "SpacertXML", "SpacertFSRS", "SpacertTerminal", "SpacertPDF", "SpacertQR",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The thin command-line front end.
        .executableTarget(
            name: "spacert",
            dependencies: [
                "SpacertKit", "SpacertFSRS", "SpacertTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // Release builds on Linux carry the Swift runtime and Foundation inside and are
                // not position-independent, so the dynamic loader has no Swift libraries to bind
                // and no pointers to relocate: `spacert replay` on an empty history starts in
                // about a third of the time (Benchmarks/replay). Debug builds and tests link
                // dynamically as before.
                .unsafeFlags(
                    [
                        "-static-stdlib", "-Xclang-linker", "-no-pie",
                        // What Foundation's static libraries need in turn (modules compiled
                        // against the shared Foundation do not name them).
                        "-lCoreFoundation", "-l_FoundationCShims", "-l_FoundationCollections",
                        "-l_FoundationICU", "-lswiftSynchronization",
                    ],
                    .when(platforms: [.linux], configuration: .release)),
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
