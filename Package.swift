// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "opslab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "opslab", targets: ["opslab"]),
    ],
    targets: [
        // libedit (Debian: libedit-dev) plus the few terminal and signal calls Swift cannot make directly.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // SHA-256 from OpenSSL's libcrypto (Debian: libssl-dev): hardware-accelerated dataset hashing.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "LabData", dependencies: ["CCrypto"]),
        .target(name: "LabML", dependencies: ["LabData"]),
        .target(name: "LabShell", dependencies: ["LabData", "LabML", "CLibEdit"]),
        .executableTarget(name: "opslab", dependencies: ["LabShell", "CLibEdit"]),
        .testTarget(name: "LabDataTests", dependencies: ["LabData"]),
        .testTarget(name: "LabMLTests", dependencies: ["LabML", "LabData"], exclude: ["Fixtures"]),
        .testTarget(name: "LabShellTests", dependencies: ["LabShell", "LabData"]),
    ],
    swiftLanguageModes: [.v6]
)
