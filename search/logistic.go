package search

import (
	"math"
	"slices"
)

// The logistic regression behind the confidence: the shops' models and
// the prior model kbeval -fit makes are fitted here.

// FitLogistic fits a weighted logistic regression of ys on xs, towards
// zero, as fitLogistic does; kbeval -fit fits priorModel with it.
func FitLogistic(xs [][]float64, ys []bool, ws []float64, l2 float64, iters int) (bias float64, weights []float64) {
	m := fitLogistic(xs, ys, ws, l2, model{}, iters)
	return m.bias, m.weights
}

// fitLogistic fits a weighted logistic regression of ys on xs by Newton's
// method, with a ridge penalty l2 (times the total weight) on the weights'
// distance to prior's; the bias is pulled with a hundredth of it. It is
// deterministic.
func fitLogistic(xs [][]float64, ys []bool, ws []float64, l2 float64, prior model, iters int) model {
	if len(xs) == 0 {
		return prior
	}
	n := len(xs[0]) + 1 // bias first
	p0 := make([]float64, n)
	p0[0] = prior.bias
	copy(p0[1:], prior.weights)
	beta := slices.Clone(p0)
	var total float64
	for _, w := range ws {
		total += w
	}
	pen := func(i int) float64 {
		if i == 0 {
			return l2 * total / 100
		}
		return l2 * total
	}
	x := make([]float64, n)
	grad := make([]float64, n)
	hess := make([][]float64, n)
	for i := range hess {
		hess[i] = make([]float64, n)
	}
	for it := 0; it < iters; it++ {
		clear(grad)
		for i := range hess {
			clear(hess[i])
		}
		for k, xk := range xs {
			x[0] = 1
			copy(x[1:], xk)
			z := 0.0
			for i := range x {
				z += beta[i] * x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if ys[k] {
				y = 1
			}
			g, h := ws[k]*(p-y), ws[k]*p*(1-p)
			for i := range x {
				grad[i] += g * x[i]
				for j := range x {
					hess[i][j] += h * x[i] * x[j]
				}
			}
		}
		for i := range beta {
			grad[i] += pen(i) * (beta[i] - p0[i])
			hess[i][i] += pen(i)
		}
		step := solve(hess, grad)
		size := 0.0
		for i := range beta {
			beta[i] -= step[i]
			size = max(size, math.Abs(step[i]))
		}
		if size < 1e-9 {
			break
		}
	}
	// rounded, so that the float sums of an index reopened (its postings
	// in another order) give the same model
	for i := range beta {
		beta[i] = math.Round(beta[i]*1e6) / 1e6
	}
	return model{bias: beta[0], weights: beta[1:]}
}

// solve solves a·x = b by Gaussian elimination with partial pivoting; a
// singular system gives zeros for the undetermined unknowns.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(slices.Clone(a[i]), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		if m[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for j := c; j <= n; j++ {
				m[r][j] -= f * m[c][j]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		if m[r][r] == 0 {
			continue
		}
		v := m[r][n]
		for j := r + 1; j < n; j++ {
			v -= m[r][j] * x[j]
		}
		x[r] = v / m[r][r]
	}
	return x
}
