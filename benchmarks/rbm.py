"""One epoch of RBM training on the 8x8 digits: neuroagents against scikit-learn.

The data: ``sklearn.datasets.load_digits`` scaled to [0, 1] (1,797 x 64). Settings:
n_components = 100, learning_rate = 0.06, batch_size = 10 (180 mini-batches an epoch).
Timed: one epoch (``fit_epoch``) of ``neuroagents.models.boltzmann.RBM`` with PCD-1
(``method="pcd"``, the algorithm scikit-learn implements) and with CD-1
(``method="cd"``), against one epoch of ``sklearn.neural_network.BernoulliRBM``
(PCD-1; timed as ``fit`` with ``n_iter=1``, which also draws the initial weights —
~6k normal numbers, negligible). Both start each repetition from fresh parameters
(untimed for the project). Cases are timed round-robin (see ``_common``); ratios are of
medians, baseline / project (> 1: the project is faster). Target: >= 1x.
The figures are also written to ``benchmarks/results/rbm.json``.

Run:
    .venv/bin/python benchmarks/rbm.py            # 30 repetitions
    .venv/bin/python benchmarks/rbm.py --quick    # 3 repetitions
"""

from __future__ import annotations

import argparse

import numpy as np
from _common import fmt_time, table, time_interleaved, write_results
from sklearn.datasets import load_digits
from sklearn.neural_network import BernoulliRBM
from threadpoolctl import threadpool_limits

from neuroagents.models.boltzmann import RBM

SETTINGS = {"n_components": 100, "learning_rate": 0.06, "batch_size": 10}

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = ("models/boltzmann/rbm.py",)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 30)
    X = load_digits().data / 16.0

    def ours(method: str):
        def setup():
            rbm = RBM(method=method, random_state=0, **SETTINGS)
            rbm.initialize(X.shape[1])
            return rbm

        return setup, lambda rbm: rbm.fit_epoch(X)

    cases = {
        "project PCD-1 epoch": ours("pcd"),
        "project CD-1 epoch": ours("cd"),
        "sklearn BernoulliRBM epoch (PCD-1)": (
            lambda: BernoulliRBM(n_iter=1, random_state=0, **SETTINGS),
            lambda m: m.fit(X),
        ),
    }
    # one BLAS thread for both sides: the matrices are 10 x 64 x 100, threads only add noise
    with threadpool_limits(1):
        t = time_interleaved(cases, repeat=repeat)
    med = {k: v.median for k, v in t.items()}
    base = med["sklearn BernoulliRBM epoch (PCD-1)"]
    rows = [[k, fmt_time(v), f"{base / v:.2f}x"] for k, v in med.items()]
    print(f"RBM on digits (1,797 x 64), {SETTINGS}; {repeat} repetitions, medians")
    print(table(["case", "median per epoch", "sklearn / this"], rows))
    # sanity (untimed): after 10 epochs both reach a similar held-out pseudo-likelihood
    a = RBM(n_iter=10, random_state=1, **SETTINGS).fit(X[:1400])
    b = BernoulliRBM(n_iter=10, random_state=1, **SETTINGS).fit(X[:1400])
    pl_a = np.mean([a.score(X[1400:]) for _ in range(10)])
    pl_b = np.mean([b.score_samples(X[1400:]).mean() for _ in range(10)])
    print(f"  sanity: held-out pseudo-log-likelihood after 10 epochs {pl_a:.2f} vs {pl_b:.2f}")
    if not args.quick:
        out = {**med, "ratio_pcd": base / med["project PCD-1 epoch"],
               "ratio_cd": base / med["project CD-1 epoch"], "pl_project": float(pl_a),
               "pl_sklearn": float(pl_b)}  # fmt: skip
        pcd, cd = med["project PCD-1 epoch"], med["project CD-1 epoch"]
        row = [
            "RBM, one training epoch on the 8×8 digits (PCD-1 / CD-1)",
            f"{fmt_time(pcd)} / {fmt_time(cd)}",
            f"scikit-learn `BernoulliRBM` (PCD-1): {fmt_time(base)}",
            f"{base / pcd:.2f}× / {base / cd:.2f}× faster (≥ 1×)",
        ]
        write_results("rbm", out, [row], code=CODE)


if __name__ == "__main__":
    main()
