import LabData

/// A fresh state directory per test, so lab.db files never meet.
enum TestFolders {
    static func temporary() -> String {
        let path = "/tmp/opslab-labops-tests-\(UInt32.random(in: 0...UInt32.max))"
        try? FileIO.makeDirectory(path)
        return path
    }
}
