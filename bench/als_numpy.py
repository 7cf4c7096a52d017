#!/usr/bin/env python3
"""Reference implementation of eaglelm's explicit ALS (biases, ALS-WR regularisation) in numpy.

The same algorithm as dev.eaglelm.embeddings.behavioral.AlsTrainer in explicit mode: each epoch solves all
users' regularised least-squares problems with the items fixed, then all items'; features are augmented with a
constant 1 so that each row solves for (factors, bias) at once; lambda is scaled by each row's rating count;
rows without training ratings get zero factors. Idiomatic, vectorised numpy: the normal equations are
accumulated with np.add.reduceat over per-rating outer products (in chunks), and solved with a batched
Cholesky (np.linalg.cholesky + np.linalg.solve on the stacked systems).

Usage: python3 bench/als_numpy.py RATINGS_CSV [--rank 20] [--iterations 15] [--lambda 0.1] [--holdout 0.1]
       [--seed 42]
Prints one JSON object (heldOutRmse, secondsPerEpoch, ...) on stdout.
"""
import argparse
import json
import time

import numpy as np


def read_ratings(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1, usecols=(0, 1, 2), dtype=np.float64)
    users, uidx = np.unique(data[:, 0].astype(np.int64), return_inverse=True)
    items, iidx = np.unique(data[:, 1].astype(np.int64), return_inverse=True)
    return uidx.astype(np.int64), iidx.astype(np.int64), data[:, 2], len(users), len(items)


def half_step(rows, cols, target, n_rows, phi, lam, chunk=20000):
    """Solves every row's (phi^T phi + lam*n*I) x = phi^T t, with rows sorted ascending."""
    d = phi.shape[1]
    counts = np.bincount(rows, minlength=n_rows)
    a = np.zeros((n_rows, d, d))
    b = np.zeros((n_rows, d))
    starts = np.concatenate(([0], np.cumsum(counts)))
    nonempty = np.nonzero(counts)[0]
    # chunks of whole rows, about `chunk` ratings each
    pos = 0
    while pos < len(nonempty):
        end = pos
        total = 0
        while end < len(nonempty) and (total == 0 or total + counts[nonempty[end]] <= chunk):
            total += counts[nonempty[end]]
            end += 1
        rs = nonempty[pos:end]
        lo, hi = starts[rs[0]], starts[rs[-1] + 1]
        f = phi[cols[lo:hi]]
        offsets = starts[rs] - lo
        a[rs] = np.add.reduceat(np.einsum("ni,nj->nij", f, f), offsets, axis=0)
        b[rs] = np.add.reduceat(f * target[lo:hi, None], offsets, axis=0)
        pos = end
    reg = lam * counts.astype(np.float64)
    reg[counts == 0] = 1.0
    a += reg[:, None, None] * np.eye(d)[None, :, :]
    chol = np.linalg.cholesky(a)
    y = np.linalg.solve(chol, b[:, :, None])
    x = np.linalg.solve(np.transpose(chol, (0, 2, 1)), y)[:, :, 0]
    return x[:, :-1], x[:, -1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ratings")
    p.add_argument("--rank", type=int, default=20)
    p.add_argument("--iterations", type=int, default=15)
    p.add_argument("--lambda", dest="lam", type=float, default=0.1)
    p.add_argument("--holdout", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()

    u, i, r, nu, ni = read_ratings(args.ratings)
    rng = np.random.default_rng(args.seed)
    n = len(r)
    held = rng.permutation(n)[: int(round(args.holdout * n))]
    mask = np.ones(n, bool)
    mask[held] = False
    tu, ti, tr = u[mask], i[mask], r[mask]
    hu, hi, hr = u[~mask], i[~mask], r[~mask]
    by_user = np.lexsort((ti, tu))
    by_item = np.lexsort((tu, ti))
    mu = tr.mean()
    k = args.rank
    x = np.zeros((nu, k))
    bu = np.zeros(nu)
    y = rng.normal(0.0, 0.1, (ni, k))
    bi = np.zeros(ni)
    seconds = []
    for _ in range(args.iterations):
        t0 = time.perf_counter()
        phi = np.hstack([y, np.ones((ni, 1))])
        x, bu = half_step(tu[by_user], ti[by_user], tr[by_user] - mu - bi[ti[by_user]], nu, phi, args.lam)
        phi = np.hstack([x, np.ones((nu, 1))])
        y, bi = half_step(ti[by_item], tu[by_item], tr[by_item] - mu - bu[tu[by_item]], ni, phi, args.lam)
        seconds.append(time.perf_counter() - t0)

    def rmse(us, its, rs):
        pred = mu + bu[us] + bi[its] + np.einsum("nk,nk->n", x[us], y[its])
        return float(np.sqrt(np.mean((rs - pred) ** 2)))

    print(json.dumps({
        "implementation": "numpy " + np.__version__,
        "mode": "explicit", "rank": k, "iterations": args.iterations, "lambda": args.lam,
        "trainRmse": rmse(tu, ti, tr), "heldOutRmse": rmse(hu, hi, hr),
        "secondsPerEpoch": seconds,
        "medianSecondsPerEpoch": float(np.median(seconds)),
    }))


if __name__ == "__main__":
    main()
