import LabData

/// Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking
/// line search on the Armijo condition. Used for logistic regression, where the
/// objective is convex: every accepted step goes downhill, so it cannot loop forever.
public struct LBFGS {
    public struct Result: Sendable {
        public let x: [Double]
        public let value: Double
        public let iterations: Int
        public let converged: Bool
        /// The largest gradient component at the end.
        public let gradient: Double
        /// Objective value after each iteration, for the run's loss curve.
        public let history: [Double]
    }

    public var memory = 10
    public var maxIterations = 100
    /// Stop when the largest gradient component falls below this.
    public var gradientTolerance = 1e-10

    public init(maxIterations: Int = 100, gradientTolerance: Double = 1e-10) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
    }

    public func minimize(_ x0: [Double], _ f: ([Double], inout [Double]) -> Double) throws -> Result {
        let n = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: n)
        var value = f(x, &g)
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var history: [Double] = []
        var iterations = 0
        var converged = maxAbs(g) <= gradientTolerance
        var newG = [Double](repeating: 0, count: n)
        while !converged && iterations < maxIterations {
            try Cancellation.check()
            iterations += 1
            // Two-loop recursion: d = -H g.
            var q = g
            var alphas = [Double](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alphas[i] = rho[i] * dot(s[i], q)
                axpy(-alphas[i], y[i], &q)
            }
            if let last = s.indices.last {
                let gamma = dot(s[last], y[last]) / dot(y[last], y[last])
                for i in 0..<n { q[i] *= gamma }
            } else {
                let scale = 1 / max(1, maxAbs(g))
                for i in 0..<n { q[i] *= scale }
            }
            for i in 0..<s.count {
                let beta = rho[i] * dot(y[i], q)
                axpy(alphas[i] - beta, s[i], &q)
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if slope >= 0 {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                d = g.map { -$0 }
                slope = dot(g, d)
                s.removeAll(); y.removeAll(); rho.removeAll()
            }
            var step = 1.0
            var candidate = x
            var newValue = value
            var accepted = false
            for _ in 0..<60 {
                for i in 0..<n { candidate[i] = x[i] + step * d[i] }
                newValue = f(candidate, &newG)
                if newValue.isFinite, newValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            if !accepted { break }
            let sk = (0..<n).map { candidate[$0] - x[$0] }
            let yk = (0..<n).map { newG[$0] - g[$0] }
            let sy = dot(sk, yk)
            if sy > 1e-300 {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let decrease = value - newValue
            x = candidate
            g = newG
            value = newValue
            history.append(value)
            // scipy's L-BFGS-B as scikit-learn calls it: pgtol = tol, ftol = 64 ulps (relative decrease).
            converged = maxAbs(g) <= gradientTolerance || decrease <= 64 * Double.ulpOfOne * max(1, abs(value), abs(value + decrease))
        }
        return Result(x: x, value: value, iterations: iterations, converged: converged, gradient: maxAbs(g), history: history)
    }

    @inline(__always) private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    @inline(__always) private func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in x.indices { y[i] += a * x[i] }
    }

    private func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
}
