#!/usr/bin/env python3
"""Reference implementation of eaglelm's default optimal-design solver in numpy.

The same algorithm as dev.eaglelm.optdesign.OptimalDesign (Solver.FRANK_WOLFE, ridge 0): d linearly independent
start rows by pivoted Gram-Schmidt with uniform weights; then Fedorov-Wynn / Frank-Wolfe steps toward the row of
largest leverage or away (drop) steps from the support row of smallest leverage, whichever has the larger gap,
with the exact line search tau = (l/d - 1)/(l - 1); rank-one updates of M^-1 and of all leverages (one BLAS
matrix-vector product X u per iteration); exact refresh every 1000 iterations; Harman-Pronzato removal of rows
that cannot support a D-optimal design (checked every 8 iterations, compacted when >= 5% are removable); an exact
certificate over every row at exit (max leverage <= (1 + tol) d). Vectorised: every per-row operation is a numpy
call on the active rows, the solver touches Python only once per iteration.

Usage: python3 bench/optdesign_numpy.py X.csv [--tol 1e-4] [--repeat 1]
       python3 bench/optdesign_numpy.py --generate N D SEED OUT.csv
Prints one JSON object per repetition: n, d, maxLeverage, logDet, iterations, seconds (solver only), support size.
"""
import argparse
import json
import time

import numpy as np


def pivoted_basis(x):
    n, d = x.shape
    res = np.einsum("ij,ij->i", x, x)
    maxnorm = res.max()
    q = np.zeros((d, d))
    used = np.zeros(n, dtype=bool)
    chosen = []
    for j in range(d):
        r = np.where(used, -1.0, res)
        best = int(np.argmax(r))
        if not r[best] > 1e-11 * maxnorm:
            raise ValueError("rank-deficient")
        used[best] = True
        chosen.append(best)
        v = x[best].copy()
        for _ in range(2):
            v -= q[:j].T @ (q[:j] @ v)
        q[j] = v / np.linalg.norm(v)
        c = x @ q[j]
        res -= c * c
    return np.array(chosen)


def leverages(x, w_support_rows, w_support):
    m = (w_support_rows * w_support[:, None]).T @ w_support_rows
    l = np.linalg.cholesky(m)
    minv = np.linalg.inv(m)
    minv = (minv + minv.T) / 2
    logdet = 2 * np.log(np.diag(l)).sum()
    return minv, logdet


def solve(x, tol, max_iter=1_000_000):
    t0 = time.perf_counter()
    n, d = x.shape
    w = np.zeros(n)
    basis = pivoted_basis(x)
    w[basis] = 1.0 / d
    supp = list(basis)
    in_supp = np.zeros(n, dtype=bool)
    in_supp[basis] = True
    act = np.arange(n)
    xa = x
    loc = np.arange(n)  # global -> local index of an active row (-1 when removed)

    def refresh():
        s = np.array(supp)
        w[s] /= w[s].sum()
        minv, logdet = leverages(x, x[s], w[s])
        la = np.einsum("ij,ij->i", xa @ minv, xa)
        return minv, logdet, la

    minv, logdet, la = refresh()
    it = 0
    while True:
        j = int(np.argmax(la))
        lj = la[j]
        if lj / d - 1 <= tol or it >= max_iter:
            s = np.array(supp)
            minv_f, _ = leverages(x, x[s], w[s])
            full = np.einsum("ij,ij->i", x @ minv_f, x)
            if full.max() / d - 1 <= tol or it >= max_iter:
                break
            act = np.arange(n)
            xa = x
            loc = np.arange(n)
            minv, logdet, la = refresh()
            continue
        s = np.array(supp)
        ls = la[loc[s]]
        kk = int(np.argmin(ls))
        k = int(s[kk])
        lk = ls[kk]
        eps_plus = lj / d - 1
        eps_minus = 1 - lk / d
        wk = w[k]
        drop = False
        if eps_plus >= eps_minus or wk >= 1 - 1e-15:
            gi = int(act[j])
            li = lj
            tau = (lj - d) / (d * (lj - 1))
        else:
            gi = k
            li = lk
            lo = -wk / (1 - wk)
            if lk <= 1:
                tau, drop = lo, True
            else:
                tau = (lk - d) / (d * (lk - 1))
                if tau <= lo:
                    tau, drop = lo, True
        c = tau / (1 - tau)
        denom = 1 + c * li
        u = minv @ x[gi]
        f = c / denom
        sc = 1 / (1 - tau)
        minv -= f * np.outer(u, u)
        minv *= sc
        logdet += d * np.log1p(-tau) + np.log(denom)
        w[s] *= 1 - tau
        if drop:
            w[gi] = 0.0
            supp.remove(gi)
            in_supp[gi] = False
        else:
            w[gi] += tau
            if not in_supp[gi]:
                in_supp[gi] = True
                supp.append(gi)
        v = xa @ u
        v *= v
        v *= f
        la -= v
        la *= sc
        it += 1
        if it % 1000 == 0:
            minv, logdet, la = refresh()
        if it % 8 == 0:
            eps = la.max() / d - 1
            h = d * (1 + eps / 2 - np.sqrt(eps * (4 + eps - 4.0 / d)) / 2)
            removable = (la < h) & ~in_supp[act]
            nr = int(removable.sum())
            if nr > 0 and nr * 20 >= len(act):
                keep = ~removable
                act = act[keep]
                xa = x[act]
                la = la[keep]
                loc = np.full(n, -1)
                loc[act] = np.arange(len(act))
    # exact certificate of the result (no pruning needed: drop steps leave exact zeros)
    s = np.array(sorted(supp))
    minv_f, logdet_f = leverages(x, x[s], w[s])
    full = np.einsum("ij,ij->i", x @ minv_f, x)
    seconds = time.perf_counter() - t0
    return {"n": n, "d": d, "maxLeverage": float(full.max()), "logDet": float(logdet_f), "iterations": it,
            "seconds": seconds, "support": int(len(s)), "converged": bool(full.max() / d - 1 <= tol)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input", nargs="?")
    p.add_argument("--tol", type=float, default=1e-4)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--generate", nargs=4, metavar=("N", "D", "SEED", "OUT"))
    a = p.parse_args()
    if a.generate:
        n, d, seed, out = int(a.generate[0]), int(a.generate[1]), int(a.generate[2]), a.generate[3]
        x = np.random.default_rng(seed).standard_normal((n, d))
        np.savetxt(out, x, delimiter=",", fmt="%.17g")
        return
    x = np.loadtxt(a.input, delimiter=",", ndmin=2)
    for _ in range(a.repeat):
        print(json.dumps(solve(x, a.tol)), flush=True)


if __name__ == "__main__":
    main()
