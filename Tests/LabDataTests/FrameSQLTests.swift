import XCTest
@testable import LabData

/// SQL over frames: every expected value is computed here in Swift, independently of SQLite.
final class FrameSQLTests: XCTestCase {
    /// 5,000 sales over 7 cities (one missing), seeded; amounts are whole, prices have decimals.
    private func sales() throws -> Frame {
        var rng = SeededGenerator(seed: 7)
        let cities = ["Oslo", "Lima", "Pune", "Kyiv", "Quito", "Bern", "Accra"]
        var city: [String?] = [], amount: [Double] = [], price: [Double] = [], day: [Double] = []
        var priceMissing: [Bool] = []
        for i in 0..<5000 {
            city.append(i % 97 == 0 ? nil : cities[rng.below(cities.count)])
            amount.append(Double(rng.below(1000)) - 100)
            price.append(Double(rng.below(100_000)) / 100)
            priceMissing.append(i % 13 == 0)
            day.append(Double(18_000 + rng.below(400)))
        }
        return try Frame(name: "sales", columns: [
            Column(name: "city", strings: city),
            Column(name: "amount", type: .integer, values: amount),
            Column(name: "price", type: .float, values: price, missing: Bitmap(priceMissing)),
            Column(name: "day", type: .date, values: day),
        ])
    }

    private func query(_ sql: String, _ frames: [Frame], name: String = "r") throws -> Frame {
        try FrameSQL.query(sql, frames: frames, resultName: name)
    }

    private func texts(_ c: Column) -> [String?] { (0..<c.count).map { c.text(at: $0) } }
    private func numbers(_ c: Column) -> [Double?] {
        (0..<c.count).map { r -> Double? in
            if case .number(let x) = c.value(at: r) { return x }
            if case .bool(let b) = c.value(at: r) { return b ? 1 : 0 }
            return nil
        }
    }

    private func sqlError(_ sql: String, _ frames: [Frame], file: StaticString = #filePath, line: UInt = #line) -> LabError? {
        do {
            _ = try query(sql, frames)
            XCTFail("expected an error for: \(sql)", file: file, line: line)
            return nil
        } catch {
            guard let e = error as? LabError else { XCTFail("not a LabError: \(error)", file: file, line: line); return nil }
            return e
        }
    }

    func testGroupBySumsCountsAndMeansAreExact() throws {
        let f = try sales()
        let r = try query("SELECT city, sum(amount) AS total, count(*) AS n, avg(price) AS mean_price FROM sales GROUP BY city", [f])
        XCTAssertEqual(r.columnNames, ["city", "total", "n", "mean_price"])
        XCTAssertEqual(r.columns.map(\.type), [.string, .integer, .integer, .float])
        var total: [String: Double] = [:], n: [String: Double] = [:]
        var priceSum: [String: Double] = [:], priceCount: [String: Double] = [:]
        let city = texts(f.columns[0]), amount = numbers(f.columns[1]), price = numbers(f.columns[2])
        for row in 0..<f.rowCount {
            let key = city[row] ?? "<missing>"
            total[key, default: 0] += amount[row]!
            n[key, default: 0] += 1
            if let p = price[row] {
                priceSum[key, default: 0] += p
                priceCount[key, default: 0] += 1
            }
        }
        XCTAssertEqual(r.rowCount, 8)
        // NULL sorts first, then the cities in byte order: the ordered scan groups them that way.
        XCTAssertEqual(texts(r.columns[0]), [nil, "Accra", "Bern", "Kyiv", "Lima", "Oslo", "Pune", "Quito"])
        let (keys, totals, counts, means) = (texts(r.columns[0]), numbers(r.columns[1]), numbers(r.columns[2]), numbers(r.columns[3]))
        for row in 0..<r.rowCount {
            let key = keys[row] ?? "<missing>"
            XCTAssertEqual(totals[row], total[key], key)
            XCTAssertEqual(counts[row], n[key], key)
            // SQLite 3.40 adds in row order like this loop; newer versions compensate, so allow the last bits.
            XCTAssertEqual(means[row]!, priceSum[key]! / priceCount[key]!, accuracy: 1e-9, key)
        }
        XCTAssertEqual(numbers(r.columns[2]).reduce(0) { $0 + $1! }, 5000)
    }

    func testGroupByStreamsOverThePresortedFrameInsteadOfSorting() throws {
        let f = try sales()
        let plan = try query("EXPLAIN QUERY PLAN SELECT city, sum(amount) FROM sales GROUP BY city", [f])
        let details = texts(try plan.column("detail")).compactMap { $0 }
        // idxNum -1: an ordered scan; idxStr "0+": by column 0 ascending.
        XCTAssertTrue(details.contains { $0.contains("VIRTUAL TABLE INDEX -1:0+") }, "\(details)")
        XCTAssertFalse(details.contains { $0.contains("TEMP B-TREE") }, "\(details)")
    }

    func testJoinsMatchAHandMadeJoinAndUseTheEqualityLookup() throws {
        let people = try Frame(name: "people", columns: [
            Column(name: "id", type: .integer, values: [1, 2, 3, 4, 5], missing: Bitmap([false, false, false, false, true])),
            Column(name: "name", strings: ["ann", "bob", "cyd", "dee", "eve"]),
        ])
        let orders = try Frame(name: "orders", columns: [
            Column(name: "person", type: .integer, values: [2, 2, 9, 1, 0, 4], missing: Bitmap([false, false, false, false, true, false])),
            Column(name: "total", type: .float, values: [10.5, 3, 99, 7.25, 1, 2]),
        ])
        let inner = try query("""
            SELECT p.name, o.total FROM people p JOIN orders o ON o.person = p.id ORDER BY p.name, o.total
            """, [people, orders])
        // By hand: people 1, 2, 4 have orders; person 9 and the missing keys match nobody.
        XCTAssertEqual(texts(inner.columns[0]), ["ann", "bob", "bob", "dee"])
        XCTAssertEqual(numbers(inner.columns[1]), [7.25, 3, 10.5, 2])
        let left = try query("""
            SELECT p.name, count(o.total) AS n, sum(o.total) AS spent FROM people p LEFT JOIN orders o ON o.person = p.id
            GROUP BY p.name ORDER BY p.name
            """, [people, orders])
        XCTAssertEqual(texts(left.columns[0]), ["ann", "bob", "cyd", "dee", "eve"])
        XCTAssertEqual(numbers(left.columns[1]), [1, 2, 0, 1, 0])
        XCTAssertEqual(numbers(left.columns[2]), [7.25, 13.5, nil, 2, nil])
        let plan = try query("EXPLAIN QUERY PLAN SELECT * FROM people p JOIN orders o ON o.person = p.id", [people, orders])
        let details = texts(try plan.column("detail"))
        // idxNum 1: an equality lookup on column 0 (person, or id) for each row of the other table.
        XCTAssertTrue(details.contains { $0?.contains("VIRTUAL TABLE INDEX 1:") ?? false }, "\(details)")
    }

    func testEqualityLookupReturnsExactlyTheRowsAScanFinds() throws {
        let f = try sales()
        let amount = numbers(f.columns[1]), city = texts(f.columns[0])
        let byNumber = try query("SELECT rowid AS r FROM sales WHERE amount = 5 ORDER BY r", [f])
        XCTAssertEqual(numbers(byNumber.columns[0]).map { Int($0!) }, amount.indices.filter { amount[$0] == 5 })
        // A text probe on a number column is converted by SQLite's affinity; the lookup must not lose those rows.
        let byText = try query("SELECT rowid AS r FROM sales WHERE amount = '5' ORDER BY r", [f])
        XCTAssertEqual(numbers(byText.columns[0]), numbers(byNumber.columns[0]))
        let byReal = try query("SELECT count(*) AS n FROM sales WHERE amount = 5.0", [f])
        XCTAssertEqual(numbers(byReal.columns[0]), [Double(amount.filter { $0 == 5 }.count)])
        let byCity = try query("SELECT rowid AS r FROM sales WHERE city = 'Pune' ORDER BY r", [f])
        XCTAssertEqual(numbers(byCity.columns[0]).map { Int($0!) }, city.indices.filter { city[$0] == "Pune" })
        let noCase = try query("SELECT count(*) AS n FROM sales WHERE city = 'pune' COLLATE NOCASE", [f])
        XCTAssertEqual(numbers(noCase.columns[0]), [Double(city.filter { $0 == "Pune" }.count)])
        let absent = try query("SELECT count(*) AS n FROM sales WHERE city = 'Paris' OR city = NULL", [f])
        XCTAssertEqual(numbers(absent.columns[0]), [0])
    }

    func testRowNumberWindowMatchesARankingByHand() throws {
        let f = try sales().head(300)
        let r = try query("""
            SELECT rowid AS row, ROW_NUMBER() OVER (PARTITION BY city ORDER BY amount DESC, rowid) AS rank FROM sales
            """, [f])
        let city = texts(f.columns[0]), amount = numbers(f.columns[1])
        var expected: [Int: Double] = [:]
        for group in Set(city.map { $0 ?? "\u{0}" }) {
            let rows = city.indices.filter { (city[$0] ?? "\u{0}") == group }
                .sorted { amount[$0]! != amount[$1]! ? amount[$0]! > amount[$1]! : $0 < $1 }
            for (k, row) in rows.enumerated() { expected[row] = Double(k + 1) }
        }
        XCTAssertEqual(r.rowCount, 300)
        let got = numbers(r.columns[0]).map { Int($0!) }, ranks = numbers(r.columns[1])
        for (k, row) in got.enumerated() { XCTAssertEqual(ranks[k], expected[row], "row \(row)") }
    }

    func testCommonTableExpressionsAndSubqueries() throws {
        let f = try sales()
        let r = try query("""
            WITH totals AS (SELECT city, sum(amount) AS total FROM sales WHERE city IS NOT NULL GROUP BY city)
            SELECT city, total FROM totals WHERE total > (SELECT avg(total) FROM totals) ORDER BY total DESC
            """, [f])
        var totals: [String: Double] = [:]
        for (c, a) in zip(texts(f.columns[0]), numbers(f.columns[1])) where c != nil { totals[c!, default: 0] += a! }
        let mean = totals.values.reduce(0, +) / Double(totals.count)
        let expected = totals.filter { $0.value > mean }.sorted { $0.value > $1.value }
        XCTAssertEqual(texts(r.columns[0]), expected.map(\.key))
        XCTAssertEqual(numbers(r.columns[1]), expected.map(\.value))
    }

    func testOrderByWithNullsAndDescendingKeys() throws {
        let f = try Frame(name: "t", columns: [
            Column(name: "s", strings: ["b", nil, "a", "b", "é", "B", nil]),
            Column(name: "v", type: .float, values: [2, 1, 0, -1, 5, 3, 0], missing: Bitmap([false, false, false, false, false, false, true])),
        ])
        let r = try query("SELECT s, v FROM t ORDER BY s DESC, v", [f])
        // Byte order: "B" < "a" < "b" < "é"; descending puts NULL last; NULL v sorts first.
        XCTAssertEqual(texts(r.columns[0]), ["é", "b", "b", "a", "B", nil, nil])
        XCTAssertEqual(numbers(r.columns[1]), [5, -1, 2, 0, 3, nil, 1])
        let single = try query("SELECT v FROM t ORDER BY v DESC", [f])
        XCTAssertEqual(numbers(single.columns[0]), [5, 3, 2, 1, 0, -1, nil])
    }

    func testEveryColumnTypeGoesInAsDocumentedAndComesBackTyped() throws {
        let f = try Frame(name: "t", columns: [
            Column(name: "i", type: .integer, values: [1, -2, 0], missing: Bitmap([false, false, true])),
            Column(name: "x", type: .float, values: [1.5, 2, 0]),
            Column(name: "b", type: .boolean, values: [1, 0, 1]),
            Column(name: "d", type: .date, values: [18292, 0, -1]),
            Column(name: "t", type: .datetime, values: [1_580_466_030, 0.25, 86_399]),
            Column(name: "s", strings: ["a", "", nil]),
        ])
        let same = try query("SELECT * FROM t", [f])
        XCTAssertEqual(same.columns, f.columns)
        let types = try query("SELECT typeof(i), typeof(x), typeof(b), typeof(d), typeof(t), typeof(s) FROM t", [f])
        XCTAssertEqual(types.columns.map { $0.text(at: 0) }, ["integer", "real", "integer", "text", "text", "text"])
        XCTAssertEqual(texts(types.columns[0]), ["integer", "integer", "null"])
        let values = try query("SELECT b, d, t, date(d, '+1 day') AS next, strftime('%Y-%m', t) AS month, s FROM t", [f])
        XCTAssertEqual(numbers(values.columns[0]), [1, 0, 1])
        XCTAssertEqual(values.columns[0].type, .boolean)
        XCTAssertEqual(texts(values.columns[1]), ["2020-01-31", "1970-01-01", "1969-12-31"])
        XCTAssertEqual(values.columns[1].type, .date)
        XCTAssertEqual(texts(values.columns[2]), ["2020-01-31T10:20:30Z", "1970-01-01T00:00:00.25Z", "1970-01-01T23:59:59Z"])
        XCTAssertEqual(texts(values.columns[3]), ["2020-02-01", "1970-01-02", "1970-01-01"])
        XCTAssertEqual(values.columns[3].type, .string)
        XCTAssertEqual(texts(values.columns[4]), ["2020-01", "1970-01", "1970-01"])
        XCTAssertEqual(texts(values.columns[5]), ["a", "", nil])
        let empty = try query("SELECT * FROM t WHERE 0", [f])
        XCTAssertEqual(empty.rowCount, 0)
        XCTAssertEqual(empty.columns.map(\.type), f.columns.map(\.type))
    }

    func testResultColumnsTakeTheWidestTypeOfTheirValues() throws {
        let r = try query("""
            SELECT 1 AS a, 1 AS b, 1 AS c, NULL AS d, 2 AS e
            UNION ALL SELECT 2, 2.5, 'x', NULL, NULL
            UNION ALL SELECT NULL, 3, 4.0, NULL, 3
            """, [])
        XCTAssertEqual(r.columns.map(\.type), [.integer, .float, .string, .string, .integer])
        XCTAssertEqual(numbers(r.columns[0]), [1, 2, nil])
        XCTAssertEqual(numbers(r.columns[1]), [1, 2.5, 3])
        XCTAssertEqual(texts(r.columns[2]), ["1", "x", "4.0"])
        XCTAssertEqual(texts(r.columns[3]), [nil, nil, nil])
        XCTAssertEqual(numbers(r.columns[4]), [2, nil, 3])
    }

    func testSQLErrorsCarrySQLitesMessageAndTheQuery() throws {
        let f = try sales()
        var e = sqlError("SELEC city FROM sales", [f])
        XCTAssertEqual(e?.message, "SQL error: near \"SELEC\": syntax error")
        XCTAssertEqual(e?.hint, "did you mean SELECT for 'SELEC'?; query: SELEC city FROM sales")
        e = sqlError("SELECT city FROM sales ODER BY city", [f])
        XCTAssertEqual(e?.message, "SQL error: near \"BY\": syntax error")
        XCTAssertEqual(e?.hint, "did you mean ORDER for 'ODER'?; query: SELECT city FROM sales ODER BY city")
        // A syntax error near no misspelt keyword: the query alone.
        e = sqlError("SELECT city, FROM sales", [f])
        XCTAssertEqual(e?.hint, "query: SELECT city, FROM sales")
        e = sqlError("SELECT * FROM sale", [f])
        XCTAssertEqual(e?.message, "SQL error: no such table: sale")
        XCTAssertEqual(e?.hint, "did you mean 'sales'?; tables are the frames: sales; query: SELECT * FROM sale")
        e = sqlError("SELECT amout FROM sales", [f])
        XCTAssertEqual(e?.message, "SQL error: no such column: amout")
        XCTAssertEqual(e?.hint, "did you mean 'amount'?; query: SELECT amout FROM sales")
        e = sqlError("SELECT revenue FROM sales", [f])
        XCTAssertEqual(e?.message, "SQL error: no such column: revenue")
        XCTAssertEqual(e?.hint, "columns of sales: \(f.columnNames.joined(separator: ", ")); query: SELECT revenue FROM sales")
        e = sqlError("INSERT INTO sales(amount) VALUES (1)", [f])
        XCTAssertEqual(e?.message, "SQL error: table sales may not be modified")
        e = sqlError("DROP TABLE sales", [f])
        XCTAssertEqual(e?.message, "only queries that return rows can run here (SELECT, WITH ... SELECT, VALUES)")
        e = sqlError("SELECT 1; SELECT 2", [f])
        XCTAssertEqual(e?.message, "one SQL statement at a time; found more after the first ';'")
        e = sqlError("   ", [f])
        XCTAssertEqual(e?.message, "the SQL query is empty")
        e = sqlError("SELECT a.city, b.city FROM sales a, sales b LIMIT 1", [f])
        XCTAssertEqual(e?.message, "the query returns more than one column named 'city'")
        XCTAssertNotNil(try? query("SELECT 1;", [f]), "a trailing semicolon is fine")
    }
}
