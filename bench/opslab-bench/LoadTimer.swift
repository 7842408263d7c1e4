import LabData
import LabOps

// `opslab-bench load FILE.csv [REPEAT]`: reads the CSV REPEAT times in one process and times
// the stages a `load` runs (the read with the file's SHA-256, then what recording a dataset
// version computes: the content hash and the column statistics), fastest and median of each,
// for comparing two builds on a machine whose speed drifts between processes.

func loadTimes(path: String, repeats: Int) throws -> [String: Any] {
    var read: [Double] = [], digest: [Double] = [], statistics: [Double] = []
    var rows = 0
    for _ in 0..<repeats {
        let (readTime, load) = try timings(1) { try CSVReader.read(path: path, name: "data") }
        read += readTime
        rows = load.frame.rowCount
        digest += timings(1) { load.frame.contentHash }.seconds
        statistics += timings(1) { ColumnStatistics.of(load.frame) }.seconds
    }
    return ["rows": rows, "repeat": repeats, "read": fastestAndMedian(read.sorted()),
            "content_hash": fastestAndMedian(digest.sorted()), "statistics": fastestAndMedian(statistics.sorted())]
}
