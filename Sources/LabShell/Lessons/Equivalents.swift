/// What each verb is called in the tools used at work, for `explain VERB`: the bridge from
/// the sandbox to pandas, scikit-learn and SQL. `df` is a pandas DataFrame, `X_train`/`y_train`
/// the training rows; a nil entry means that tool has no direct counterpart.
struct Equivalent: Sendable {
    let pandas: String?
    let sklearn: String?
    let sql: String?
    /// What to know when moving between the two, or why there is no counterpart.
    let note: String?

    init(pandas: String? = nil, sklearn: String? = nil, sql: String? = nil, note: String? = nil) {
        self.pandas = pandas
        self.sklearn = sklearn
        self.sql = sql
        self.note = note
    }
}

enum Equivalents {
    static let lessonLoop = Equivalent(note: "part of the lesson loop in this shell; at work the lesson is the job itself")

    static let table: [String: Equivalent] = [
        // Data
        "load": Equivalent(pandas: #"df = pd.read_csv("titanic.csv")"#, sql: "SELECT * FROM titanic",
                           note: "the load also records the data's SHA-256 as a dataset version, as `dvc add` does"),
        "datasets": Equivalent(sklearn: "sklearn.datasets.fetch_openml(...)", note: "the bundled datasets ship with opslab"),
        "frames": Equivalent(pandas: "the DataFrames in your notebook's variables", sql: ".tables (sqlite3)"),
        "use": Equivalent(pandas: "df = other_df", note: "commands without a frame name work on the current frame"),
        "write": Equivalent(pandas: #"df.to_csv("out.csv", index=False)"#, sql: ".mode csv / .output out.csv (sqlite3)"),
        "sql": Equivalent(pandas: #"duckdb.sql("SELECT ... FROM df").df()  or  pd.read_sql(query, con)"#, sql: "the query itself, run by SQLite"),
        "store": Equivalent(pandas: #"df.to_sql("table", sqlite3.connect("warehouse.db"), if_exists="replace")"#,
                            sql: "CREATE TABLE ... ; INSERT INTO ... (in one transaction)"),
        "versions": Equivalent(note: "like `dvc data status` / `git log` for data: every version is a content hash"),
        "diff": Equivalent(pandas: "df_a.describe().compare(df_b.describe())", note: "like `dvc diff`, with per-column statistics"),
        // Look
        "show": Equivalent(pandas: #"df.head(10); df.iloc[1225:1228] (from=1226 n=3); df.tail(5) (from=-5); df.query("age > 70") (where); df.nlargest(5, "fare") (n=5 sort=-fare)"#,
                           sql: "SELECT * FROM t LIMIT 10; ... WHERE age > 70 LIMIT 10 OFFSET 0"),
        "describe": Equivalent(pandas: #"df.describe(include="all"); df.isna().mean(); df.nunique()"#,
                               sql: "SELECT count(x), avg(x), min(x), max(x) FROM t",
                               note: #"describe age fare by=survived is df.groupby("survived")[["age", "fare"]].describe() (SQL: ... GROUP BY survived)"#),
        "columns": Equivalent(pandas: "df.dtypes; df.isna().sum()", sql: "PRAGMA table_info(t)"),
        "counts": Equivalent(pandas: #"df.embarked.value_counts(dropna=False); pd.crosstab(df.sex, df.survived, normalize="index")"#,
                             sql: "SELECT embarked, count(*) FROM t GROUP BY embarked ORDER BY 2 DESC",
                             note: "bins=5 is pd.cut(df.fare, 5): df.fare.value_counts(bins=5, sort=False), pd.crosstab(pd.cut(df.fare, 5), df.survived)"),
        "duplicates": Equivalent(pandas: #"df.duplicated(subset=["ticket"]).sum(); df.drop_duplicates(subset=["ticket"]) (drop)"#,
                                 sql: "SELECT ticket, count(*) FROM t GROUP BY ticket HAVING count(*) > 1"),
        "corr": Equivalent(pandas: #"df.corr(method="pearson", numeric_only=True)"#,
                           note: #"corr with=mpg is df.corr(numeric_only=True)["mpg"] sorted by magnitude; corr top=10 the ten largest |r| of its pairs"#),
        "scatter": Equivalent(pandas: #"df.plot.scatter(x="temp_min", y="temp_max"); df.plot.line(x="date", y="temp_max")"#),
        "box": Equivalent(pandas: #"df.boxplot(column="fare", by="pclass"); matplotlib.cbook.boxplot_stats(df.fare.dropna())"#,
                          note: "the numbers beside each box are boxplot_stats': whislo, q1, med, q3, whishi and the count of fliers"),
        "drift": Equivalent(pandas: "scipy.stats.wasserstein_distance(ref.temp, cur.temp) / ref.temp.std(ddof=0); scipy.spatial.distance.jensenshannon(shares_ref, shares_cur)",
                            note: "Evidently's DataDriftPreset scores large data the same way (normed Wasserstein and Jensen-Shannon distances, threshold 0.1)"),
        "outliers": Equivalent(pandas: "q1, q3 = s.quantile([.25, .75]); s[(s < q1 - 1.5*(q3-q1)) | (s > q3 + 1.5*(q3-q1))]"),
        "missing": Equivalent(pandas: "df.isna().sum(); df.isna().value_counts()", sql: "SELECT count(*) - count(x) FROM t"),
        // Reshape
        "select": Equivalent(pandas: #"df[["a", "b"]]"#, sql: "SELECT a, b FROM t",
                             note: #"a pattern such as select mean_* (every column whose name starts with mean_) is df.filter(regex="^mean_") in pandas"#),
        "drop": Equivalent(pandas: #"df.drop(columns=["a"])"#, sql: "ALTER TABLE t DROP COLUMN a"),
        "rename": Equivalent(pandas: #"df.rename(columns={"old": "new"})"#, sql: "ALTER TABLE t RENAME COLUMN old TO new"),
        "filter": Equivalent(pandas: #"df.query('age >= 18 and sex == "female"')  or  df[(df.age >= 18) & (df.sex == "female")]"#,
                             sql: "SELECT * FROM t WHERE age >= 18 AND sex = 'female'",
                             note: "a comparison with a missing value is missing, which filter treats as false, as SQL's NULL; in pandas NaN != x and ~(NaN > x) are True, so `filter age != 22` or `filter not (age > 30)` keep fewer rows than df[df.age != 22] or df[~(df.age > 30)] (add `or age is missing` for pandas' count)"),
        "derive": Equivalent(pandas: "df[\"family\"] = df.sibsp + df.parch + 1", sql: "SELECT *, sibsp + parch + 1 AS family FROM t",
                             note: #"in pandas: if(c, a, b) is np.where(c, a, b) (but a missing condition gives missing), coalesce(x, 0) is x.fillna(0), lower(name) is df.name.str.lower(), contains(name, "Mr") is df.name.str.contains("Mr", regex=False), extract(name, ", ([^.]+)[.]") is df.name.str.extract(r", ([^.]+)\."), split(name, ",", 0) is df.name.str.split(",").str[0], slice(cabin, 0, 1) is df.cabin.str[0:1]"#),
        "sort": Equivalent(pandas: #"df.sort_values("fare", ascending=False, na_position="last")"#, sql: "SELECT * FROM t ORDER BY fare DESC"),
        "sample": Equivalent(pandas: "df.sample(n=100, random_state=42); df.groupby(\"income\").sample(frac=0.1) (stratify=)", sql: "SELECT * FROM t ORDER BY random() LIMIT 100",
                             note: "opslab's generator is its own, so the rows drawn differ from pandas' for the same seed"),
        // Prepare
        "split": Equivalent(pandas: #"by time: df = df.sort_values("date"); train, test = df.iloc[:-n_test], df.iloc[-n_test:]"#,
                            sklearn: #"train_test_split(df, test_size=0.2, stratify=df.survived, random_state=42)"#,
                            note: "the same seed gives the same rows in opslab; not the same rows as scikit-learn. split by=date test=0.2 keeps rows sharing the cut's date together, in test"),
        "impute": Equivalent(pandas: #"df.age.fillna(df.loc[train, "age"].median())"#,
                             sklearn: #"SimpleImputer(strategy="median").fit(X_train)"#,
                             note: "indicator=true is scikit-learn's add_indicator=True: a missingindicator_COLUMN column marks the filled rows"),
        "encode": Equivalent(pandas: "pd.get_dummies(df, columns=[\"sex\"])", sklearn: #"OneHotEncoder(handle_unknown="ignore").fit(X_train)"#,
                             note: "scikit-learn's OneHotEncoder makes missing values a category of their own (COLUMN_nan); opslab asks first: encode COLUMN missing=category (pandas: dummy_na=True)"),
        "scale": Equivalent(sklearn: "StandardScaler().fit(X_train)  (MinMaxScaler, RobustScaler)"),
        "bin": Equivalent(pandas: "pd.qcut(df.fare, 4, labels=False)", sklearn: #"KBinsDiscretizer(n_bins=4, encode="ordinal", strategy="quantile")"#),
        "log": Equivalent(pandas: "np.log(df.fare + 1)", sklearn: "FunctionTransformer(np.log1p)"),
        "clip": Equivalent(pandas: "df.fare.clip(lower=0, upper=300)", sql: "SELECT min(max(fare, 0), 300) FROM t"),
        "prep": Equivalent(sklearn: "the fitted ColumnTransformer / Pipeline, e.g. pipe.named_steps"),
        "apply": Equivalent(sklearn: "pipe.transform(X_new)", note: "nothing is refitted on the new data"),
        "features": Equivalent(sklearn: "SelectKBest(f_classif, k=5).fit(X_train, y_train).scores_"),
        // Models
        "train": Equivalent(sklearn: "LogisticRegression(C=1.0).fit(X_train, y_train)  (LinearRegression, DecisionTreeClassifier, RandomForestClassifier, KMeans, ...)"),
        "models": Equivalent(note: "like the runs of an MLflow experiment: every model with its parameters"),
        "model": Equivalent(sklearn: "model.get_params(); model.coef_ / model.feature_importances_; export_text(tree, feature_names=...) (model t rules)"),
        "predict": Equivalent(sklearn: "model.predict(X); model.predict_proba(X)"),
        // Evaluate
        "eval": Equivalent(sklearn: "accuracy_score, precision_score, recall_score, f1_score, roc_auc_score, r2_score (sklearn.metrics)"),
        "roc": Equivalent(sklearn: "RocCurveDisplay.from_predictions(y_test, proba); roc_auc_score(y_test, proba)"),
        "pr": Equivalent(sklearn: "PrecisionRecallDisplay.from_predictions(y_test, proba); average_precision_score(y_test, proba)"),
        "confusion": Equivalent(sklearn: "confusion_matrix(y_test, y_pred); classification_report(y_test, y_pred)"),
        "threshold": Equivalent(sklearn: "y_pred = model.predict_proba(X_test)[:, 1] >= 0.3"),
        "expect": Equivalent(sklearn: "assert accuracy_score(y_test, y_pred) >= 0.8  # in a CI job's test step",
                             note: "a quality gate: the pipeline fails when the model got worse, as a CI check fails a pull request"),
        "import": Equivalent(sklearn: #"model = joblib.load("model.joblib")"#, note: "like `mlflow.pyfunc.load_model(uri)`: the model with its preparation"),
        "cv": Equivalent(sklearn: #"cross_val_score(LogisticRegression(), X_train, y_train, cv=StratifiedKFold(5, shuffle=True))"#),
        "tune": Equivalent(sklearn: #"GridSearchCV(LogisticRegression(), {"C": [0.1, 1, 10]}, cv=5).fit(X_train, y_train)"#),
        "curve": Equivalent(sklearn: "learning_curve(model, X, y, cv=5); validation_curve(model, X, y, param_name=..., param_range=...)"),
        "importance": Equivalent(sklearn: "permutation_importance(model, X_test, y_test, n_repeats=5)"),
        // Tracking (MLflow's client calls; opslab records every train by itself, as mlflow.autolog() would)
        "experiment": Equivalent(note: #"MLflow: mlflow.set_experiment("titanic")"#),
        "runs": Equivalent(note: #"MLflow: mlflow.search_runs(filter_string="metrics.auc > 0.8", order_by=["metrics.auc DESC"]); its filter is a SQL-like language of its own, here it is the language of `filter`"#),
        "run": Equivalent(note: "MLflow: MlflowClient().get_run(run_id); the run page of the MLflow UI"),
        "compare": Equivalent(note: "MLflow: the Compare view of the UI, for the runs ticked"),
        "best": Equivalent(note: #"MLflow: mlflow.search_runs(order_by=["metrics.auc DESC"], max_results=1)"#),
        "plot": Equivalent(note: "MLflow: the UI's scatter plot of runs, and a metric's chart by step"),
        "tag": Equivalent(note: #"MLflow: MlflowClient().set_tag(run_id, "stage", "baseline")"#),
        "note": Equivalent(note: #"MLflow: MlflowClient().set_tag(run_id, "mlflow.note.content", "...") (the run's description)"#),
        "delete": Equivalent(note: "MLflow: MlflowClient().delete_run(run_id) (soft: restore_run brings it back)"),
        "restore": Equivalent(note: "MLflow: MlflowClient().restore_run(run_id)"),
        "register": Equivalent(note: #"MLflow: mlflow.register_model(f"runs:/{run_id}/model", "survival")"#),
        "alias": Equivalent(note: #"MLflow: MlflowClient().set_registered_model_alias("survival", "champion", 2); load with models:/survival@champion"#),
        "registry": Equivalent(note: "MLflow: MlflowClient().search_registered_models(); the Models page of the UI"),
        "track": Equivalent(note: #"MLflow: mlflow.set_tracking_uri("http://127.0.0.1:5000")"#),
        "export": Equivalent(note: "MLflow: the file store (mlruns/) that `mlflow ui` reads"),
        // Session
        "undo": Equivalent(note: "in a notebook, re-running the cells before; here the previous state is kept"),
        "history": Equivalent(note: "like the cells of a notebook that produced the current state, in order"),
        "save": Equivalent(note: "like a script committed to git, with `dvc.lock`-style hashes of its data"),
        "exit": Equivalent(note: "leaves the shell; the journal is removed since nothing needs restoring"),
        "help": Equivalent(pandas: "help(pd.DataFrame.fillna)", note: "`help VERB` lists every option with its default"),
        "explain": Equivalent(note: "this page"),
        // Lessons
        "lessons": lessonLoop, "lesson": lessonLoop, "next": lessonLoop, "check": lessonLoop, "hint": lessonLoop,
        "skip": lessonLoop, "answer": lessonLoop, "back": lessonLoop, "restart": lessonLoop, "progress": lessonLoop, "bye": lessonLoop,
    ]
}
