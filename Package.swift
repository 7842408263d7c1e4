// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "opslab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "opslab", targets: ["opslab"]),
    ],
    dependencies: [
        // YAML for lesson files (lessons/*.yaml), with line and column marks for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libedit (Debian: libedit-dev) plus the few terminal and signal calls Swift cannot make directly.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // SHA-256 from OpenSSL's libcrypto (Debian: libssl-dev): hardware-accelerated dataset hashing.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // SQLite (Debian: libsqlite3-dev): SQL over frames, the warehouse, and .opslab/lab.db.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // zlib (Debian: zlib1g-dev): CSV files compressed with gzip (.csv.gz), read and written.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // A cache prefetch hint, which Swift cannot give itself (header only, nothing to link).
        .systemLibrary(name: "CHints"),
        // Vector kernels built for AVX2 and for the x86-64 baseline, picked at run time, and the CSV
        // reader's loop for records of plain numbers (header only).
        .systemLibrary(name: "CKernels"),
        .target(name: "LabData", dependencies: ["CCrypto", "CSQLite", "CKernels", "CZlib"]),
        .target(name: "LabML", dependencies: ["LabData", "CHints", "CKernels"]),
        .target(name: "LabOps", dependencies: ["LabData", "LabML"]),
        .target(name: "LabShell", dependencies: ["LabData", "LabML", "LabOps", "CLibEdit", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "opslab", dependencies: ["LabShell", "CLibEdit"]),
        // bench/bench.py's timer of LabML's metric functions (one process, no CSV parsing in the timing); not shipped.
        .executableTarget(name: "opslab-bench", dependencies: ["LabML", "LabData", "LabOps"], path: "bench/opslab-bench"),
        .testTarget(name: "LabDataTests", dependencies: ["LabData", "CKernels"]),
        .testTarget(name: "LabMLTests", dependencies: ["LabML", "LabData", "CKernels"], exclude: ["Fixtures"]),
        .testTarget(name: "LabShellTests", dependencies: ["LabShell", "LabData"]),
        .testTarget(name: "LabOpsTests", dependencies: ["LabOps", "LabData", "LabML"]),
    ],
    swiftLanguageModes: [.v6]
)
