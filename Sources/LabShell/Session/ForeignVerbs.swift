/// What someone coming from pandas or SQL types first, and what does it here:
/// an unknown command that is one of these is answered with the way to do it, not only
/// with the list of commands.
import LabData

enum ForeignVerbs {
    static let ways: [String: (what: String, how: String)] = {
        let grouping = ("grouped statistics come from SQL here",
                        "sql SELECT sex, count(*) AS n, avg(age) AS mean_age FROM titanic GROUP BY sex   (or counts sex survived share=row)")
        let joining = ("frames are joined in SQL here", "sql SELECT * FROM a JOIN b ON a.id = b.id as joined")
        let stacking = ("frames are stacked in SQL here", "sql SELECT * FROM a UNION ALL SELECT * FROM b as both")
        return [
            "groupby": grouping, "group": grouping, "agg": grouping, "aggregate": grouping, "pivot": grouping, "pivot_table": grouping,
            "merge": joining, "join": joining,
            "concat": stacking, "append": stacking, "union": stacking,
            "dropna": ("rows with a missing value are dropped with filter", "filter age is not missing"),
            "fillna": ("missing values are filled with impute (learned on the training rows)",
                       "impute age with=median   (or derive age = coalesce(age, 0))"),
            "info": ("columns lists each column's type and missing count", "columns"),
            "dtypes": ("columns lists each column's type and missing count", "columns"),
            "tail": ("show from=-5 shows the last 5 rows", "show from=-5"),
            "query": ("show where looks at the rows where a condition holds; filter keeps only them", "show where age > 30 and sex == \"female\""),
            "astype": ("types are read from the values when a file loads", "load FILE na=?   (or derive x = round(x) for whole numbers)"),
            "ls": ("frames lists the loaded frames, datasets the bundled ones", "frames"),
            "shape": ("frames shows each frame's rows and columns", "frames"),
            "nunique": ("describe counts each column's distinct values", "describe"),
            "isna": ("missing counts each column's missing values and the patterns they form", "missing"),
            "isnull": ("missing counts each column's missing values and the patterns they form", "missing"),
            "drop_duplicates": ("repeated rows are dropped with duplicates drop (the first of each kept)", "duplicates drop"),
            "duplicated": ("duplicates counts and shows the rows that repeat an earlier one", "duplicates"),
            "dedupe": ("repeated rows are dropped with duplicates drop (the first of each kept)", "duplicates drop"),
            "to_csv": ("the current frame is written with write", "write out.csv"),
            "read_csv": ("files are read with load", "load data.csv"),
            "hist": ("counts with bins= draws a histogram, a bar per band", "counts age bins=10"),
            "histogram": ("counts with bins= draws a histogram, a bar per band", "counts age bins=10"),
            "boxplot": ("box draws box plots, by= one for each value of another column", "box fare by=pclass"),
            "scatter_matrix": ("scatter draws one pair of columns at a time; corr gives every pair's correlation", "corr"),
            "lineplot": ("scatter line=true joins the points in x order", "scatter date temp_max line=true"),
            "nlargest": ("show sort=-COLUMN looks at the rows largest first (the frame keeps its order)", "show 5 sort=-fare"),
            "nsmallest": ("show sort=COLUMN looks at the rows smallest first (the frame keeps its order)", "show 5 sort=fare"),
            "sort_values": ("sort puts the frame's rows in order; show sort= only looks at them so", "sort fare desc   (or show sort=-fare)"),
            "iloc": ("show from= starts at a row, counted from 1", "show from=11 n=5"),
            "loc": ("show where looks at the rows where a condition holds", "show where age > 70"),
            "clear": ("the screen is cleared with Ctrl-L at the prompt", "Ctrl-L"),
            "cls": ("the screen is cleared with Ctrl-L at the prompt", "Ctrl-L"),
            "fit": ("models are trained with train", "train logistic target=survived as lr"),
            "score": ("models are scored with eval", "eval lr"),
        ]
    }()

    /// `df.groupby("sex")`, `head()`: the method a Python call names (nil for a plain word).
    static func pythonMethod(_ word: String) -> String? {
        guard word.contains("(") || word.contains(".") else { return nil }
        let callee = word.prefix { $0 != "(" }
        let method = String(callee.split(separator: ".").last ?? "")
        return method.isEmpty || !method.allSatisfy({ $0.isLetter || $0 == "_" }) ? nil : method
    }

    static let groupingVerbs: Set<String> = ["groupby", "group", "agg", "aggregate", "pivot", "pivot_table"]

    /// The way to do `verb`, in the words typed after it where they name columns of the current
    /// frame: `groupby education` on adult answers with adult's own GROUP BY, and so does
    /// `df.groupby("education")["age"].mean()` (keys inside the call, what is measured after it).
    static func way(_ verb: String, words: [String], current: (name: String, frame: Frame)?) -> (what: String, how: String)? {
        let verb = verb.lowercased()
        guard let way = ways[verb] else { return nil }
        guard groupingVerbs.contains(verb), let (name, frame) = current else { return way }
        let text = words.joined(separator: " ")
        var (inside, after) = (text, "")
        if let open = text.firstIndex(of: "(") {
            let rest = text[text.index(after: open)...]
            let close = rest.firstIndex(of: ")") ?? rest.endIndex
            (inside, after) = (String(rest[..<close]), close < rest.endIndex ? String(rest[rest.index(after: close)...]) : "")
        }
        let keys = columns(in: inside, of: frame)
        let groups = keys.isEmpty ? ["COLUMN"] : Array(keys.prefix(2))
        // What is measured: the columns picked after the call, else a float (it reads better
        // averaged than a code such as pclass), else any number.
        let numeric = frame.columns.filter { $0.type.isNumeric && !groups.contains($0.name) }.map(\.name)
        let picked = columns(in: after, of: frame).filter { numeric.contains($0) }
        let measured = picked.first ?? (frame.columns.first { $0.type == .float && numeric.contains($0.name) }?.name ?? numeric.first)
        let function = ["sum", "min", "max"].first { after.contains(".\($0)(") } ?? "avg"
        let aggregate = measured.map { ", \(function)(\($0)) AS \(function == "avg" ? "mean" : function)_\($0)" } ?? ""
        let list = groups.joined(separator: ", ")
        let counts = keys.isEmpty ? "" : "   (or counts \(groups.joined(separator: " "))\(groups.count > 1 ? " share=row" : ""))"
        return (way.what, "sql SELECT \(list), count(*) AS n\(aggregate) FROM \(name) GROUP BY \(list)\(counts)")
    }

    /// The frame's column names in `text`, in order, once each.
    private static func columns(in text: String, of frame: Frame) -> [String] {
        text.split(whereSeparator: { " ,()[]'\".".contains($0) }).map(String.init)
            .filter { frame.columnNames.contains($0) }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
