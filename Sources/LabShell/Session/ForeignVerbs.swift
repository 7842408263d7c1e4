/// What someone coming from pandas or SQL types first, and what does it here:
/// an unknown command that is one of these is answered with the way to do it, not only
/// with the list of commands.
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
            "drop_duplicates": ("rows are made distinct in SQL here", "sql SELECT DISTINCT * FROM titanic as distinct_rows"),
            "to_csv": ("the current frame is written with write", "write out.csv"),
            "read_csv": ("files are read with load", "load data.csv"),
            "hist": ("counts with bins= draws a histogram, a bar per band", "counts age bins=10"),
            "histogram": ("counts with bins= draws a histogram, a bar per band", "counts age bins=10"),
            "scatter_matrix": ("scatter draws one pair of columns at a time; corr gives every pair's correlation", "corr"),
            "lineplot": ("scatter line=true joins the points in x order", "scatter date temp_max line=true"),
            "nlargest": ("sort puts the largest first (undo puts the rows back)", "sort fare desc, then show 5"),
            "nsmallest": ("sort puts the smallest first (undo puts the rows back)", "sort fare, then show 5"),
            "iloc": ("show from= starts at a row, counted from 1", "show from=11 n=5"),
            "loc": ("show where looks at the rows where a condition holds", "show where age > 70"),
            "fit": ("models are trained with train", "train logistic target=survived as lr"),
            "score": ("models are scored with eval", "eval lr"),
        ]
    }()
}
