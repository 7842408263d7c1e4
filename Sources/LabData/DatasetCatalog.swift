#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A dataset shipped with opslab.
public struct BundledDataset: Sendable, Equatable {
    public let name: String
    public let path: String
    public let rows: Int
    public let columns: Int
    public let summary: String
}

/// Finds the bundled datasets wherever the binary is started from: `$OPSLAB_DATASETS`,
/// a `datasets/` folder beside the executable or in `share/opslab/`, or in any folder
/// above it (the source checkout, for a binary under `.build/`). Descriptions come
/// from the table in `datasets/SOURCES.md`, the same file that carries the attributions.
public struct DatasetCatalog: Sendable {
    public let directory: String?
    public let datasets: [BundledDataset]

    public init(directory: String?) {
        self.directory = directory
        guard let directory else { datasets = []; return }
        let sources = (try? FileIO.readAll(directory + "/SOURCES.md")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var found: [BundledDataset] = []
        for line in sources.split(separator: "\n") where line.hasPrefix("| ") && line.contains(".csv") {
            let cells = line.split(separator: "|").map { String($0).trimmingCharacters(in: " ") }
            guard cells.count >= 4, cells[0].hasSuffix(".csv") else { continue }
            let file = cells[0]
            let shape = cells[1].split(separator: "x").map { Int(String($0).trimmingCharacters(in: " ")) ?? 0 }
            let target = cells[2]
            let task = cells[3]
            let summary = target == "none fixed (e.g. temp)" || target.hasPrefix("none") ? task : "\(task); target \(target)"
            let path = directory + "/" + file
            guard FileIO.exists(path) else { continue }
            found.append(BundledDataset(name: String(file.dropLast(4)), path: path, rows: shape.first ?? 0,
                                        columns: shape.count > 1 ? shape[1] : 0, summary: summary))
        }
        datasets = found.sorted { $0.name < $1.name }
    }

    public func dataset(named name: String) -> BundledDataset? {
        let bare = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        return datasets.first { $0.name == bare }
    }

    public var names: [String] { datasets.map(\.name) }

    /// The catalog for the running executable.
    public static func locate(environment: [String: String]) -> DatasetCatalog {
        if let dir = environment["OPSLAB_DATASETS"], FileIO.isDirectory(dir) { return DatasetCatalog(directory: dir) }
        var dir = executableDirectory()
        var candidates: [String] = []
        while !dir.isEmpty {
            candidates.append(dir + "/datasets")
            candidates.append(dir + "/share/opslab/datasets")
            guard let slash = dir.lastIndex(of: "/") else { break }
            dir = String(dir[..<slash])
        }
        for c in candidates where FileIO.exists(c + "/SOURCES.md") { return DatasetCatalog(directory: c) }
        return DatasetCatalog(directory: nil)
    }

    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
