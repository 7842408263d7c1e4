/// if(condition, then, else) and coalesce(a, b, ...): numpy's `where` and pandas' `fillna`
/// written in the expression. Each row takes one of the arguments' values, so the arguments
/// must be of one kind: numbers (integers and floats mix, giving floats), dates, datetimes or text.
extension ExpressionEvaluator {
    /// Each branch is evaluated with the rows the condition sends to the other one set aside,
    /// as the right side of `and` is: `if(b != 0, a / b, 0)` does not fail on the rows where b is 0.
    func conditional(_ args: [ExpressionNode]) throws -> Operand {
        let condition = try evaluate(args[0])
        guard condition.isBooleanLike else {
            throw DataError("if's condition must be true or false, but '\(args[0])' gives \(condition.typeName) values",
                            hint: "usage: \(ExpressionFunction.conditional.usage), e.g. if(age < 18, \"child\", \"adult\")")
        }
        var whenTrue = self, whenFalse = self
        whenTrue.guards.append(Guard(operand: condition, decidedWhen: 0))
        whenFalse.guards.append(Guard(operand: condition, decidedWhen: 1))
        let choices = [try whenTrue.evaluate(args[1]), try whenFalse.evaluate(args[2])]
        let type = try commonType(.conditional, choices)
        if condition.isMissingConstant { return .allMissing(type, like: [condition] + choices, rowCount: rowCount) }
        return select(choices, type: type, vector: condition.isVector || choices.contains(where: \.isVector)) { row in
            let r = condition.isVector ? row : 0
            return condition.isMissing(at: r) ? nil : (condition.number(at: r) != 0 ? 0 : 1)
        }
    }

    /// The first argument not missing in each row (missing if all are).
    func coalesce(_ values: [Operand]) throws -> Operand {
        let type = try commonType(.coalesce, values)
        return select(values, type: type, vector: values.contains(where: \.isVector)) { row in
            values.firstIndex { !$0.isMissing(at: $0.isVector ? row : 0) }
        }
    }

    /// The type the arguments share: text, dates, datetimes, or numbers (float if any is).
    private func commonType(_ function: ExpressionFunction, _ values: [Operand]) throws -> ColumnType? {
        var type: ColumnType?
        for v in values {
            guard let t = v.type else { continue }
            guard let current = type, current != t else {
                type = t
                continue
            }
            if current.isArithmetic && t.isArithmetic {
                type = current == .float || t == .float ? .float : .integer
            } else {
                let shown = values.map(\.typeName).joined(separator: " and ")
                throw DataError("\(function.rawValue)'s values must be of one kind, got \(shown)",
                                hint: "each row takes one of them: numbers with numbers, text with text, dates with dates; usage: \(function.usage)")
            }
        }
        return type
    }

    /// Row by row, the value of `choices[pick(row)]`: missing where `pick` gives nil or that
    /// choice is missing. A constant when no input varies by row.
    private func select(_ choices: [Operand], type: ColumnType?, vector: Bool, pick: (Int) -> Int?) -> Operand {
        guard let type else { return .allMissing(nil, like: choices, rowCount: rowCount) }
        let n = vector ? rowCount : 1
        if type == .string {
            // Every choice's text gets a code in the result's levels.
            var levels: [String] = [], index: [String: Int32] = [:]
            func code(_ s: String) -> Int32 {
                if let c = index[s] { return c }
                let c = Int32(levels.count)
                index[s] = c
                levels.append(s)
                return c
            }
            let recoded: [(Int) -> Int32] = choices.map { choice in
                switch choice {
                case .strings(let s):
                    let map = s.levels.map(code)
                    return { row in s.codes[row] < 0 ? -1 : map[Int(s.codes[row])] }
                case .string(let s):
                    let c = code(s)
                    return { _ in c }
                default:
                    return { _ in -1 }
                }
            }
            let codes = (0..<n).map { row in pick(row).map { recoded[$0](row) } ?? -1 }
            guard vector else { return codes[0] < 0 ? .missing(.string) : .string(levels[Int(codes[0])]) }
            return .strings(StringVector(codes: codes, levels: levels))
        }
        var values = [Double](repeating: 0, count: n)
        var missing: Bitmap?
        for row in 0..<n {
            if let k = pick(row), !choices[k].isMissing(at: choices[k].isVector ? row : 0) {
                values[row] = choices[k].number(at: choices[k].isVector ? row : 0)
            } else {
                if missing == nil { missing = Bitmap(count: n) }
                missing![row] = true
            }
        }
        guard vector else { return missing == nil ? .number(values[0], type) : .missing(type) }
        return .numbers(NumericVector(values: values, missing: missing, type: type))
    }
}
