"""Memory per synapse: what a connectome holds, and what building a model adds.

Three connectomes:

- hopfield dense: a Hebbian Hopfield net, n = 5000, p = 250 patterns,
  ``Connectome.from_matrix(hebbian_weights(P))`` (dense storage, one float32 matrix);
- symmetric sparse: n = 50,000, a symmetric scipy CSR with ~2.5M nonzeros (1.25M
  random pairs i != j, each a synapse both ways, Normal(0, 1) weights), one CSR;
- directed sparse: ``builders.gnp_ei(40000, 10000, p=0.001)``, n = 50,000, ~2.5M
  synapses, in-edge and out-edge CSR.

For each: ``connectome.nbytes``, ``n_edges`` and ``bytes_per_synapse``; the bytes of
the arrays the compiled kernels actually read (``kernel_out_arrays()`` and
``kernel_in_arrays()``); then the memory
that building the model on that connectome adds (``HopfieldModel`` / ``NeuralModel``
with ``record_every=None``), measured twice: as growth of the process RSS (all
allocations) and with ``tracemalloc`` (numpy, numba and Python objects: retained
after the build, and peak during it). The first step's growth (scheduler
blocks, first-call buffers) is shown too. The connectome build's own transient peak
(e.g. the float32 copy and the symmetry check of a dense matrix) is shown separately.

Run:
    .venv/bin/python benchmarks/memory.py            # the sizes above
    .venv/bin/python benchmarks/memory.py --quick    # tiny smoke sizes
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp
from _common import fmt_bytes, rss_bytes, table, write_results

import neuroagents as na
from neuroagents.models import hopfield

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/connectome/connectome.py",
    "neuroagents/sim/model.py",
    "neuroagents/sim/arrays.py",
    "neuroagents/sim/neuron.py",
)


def symmetric_sparse(n: int, pairs: int, seed: int) -> sp.csr_array:
    """A symmetric random CSR matrix: ``pairs`` random pairs i != j, both directions."""
    gen = np.random.default_rng(seed)
    i = gen.integers(0, n, size=pairs)
    j = gen.integers(0, n, size=pairs)
    keep = i != j
    i, j = i[keep], j[keep]
    w = gen.normal(size=i.size)
    upper = sp.coo_array((w, (np.minimum(i, j), np.maximum(i, j))), shape=(n, n)).tocsr()
    upper.sum_duplicates()
    return (upper + upper.T).tocsr()


def measure(build: Callable[[], Any]) -> tuple[Any, dict[str, int]]:
    """Build once watching RSS, once under tracemalloc; return the first build's object.

    Returns:
        The object and ``{"rss": growth, "retained": traced after, "peak": traced peak}``.
    """
    gc.collect()
    before = rss_bytes()
    obj = build()
    gc.collect()
    rss = rss_bytes() - before
    tracemalloc.start()
    other = build()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del other
    gc.collect()
    return obj, {"rss": rss, "retained": retained, "peak": peak}


def kernel_bytes(model: na.NeuralModel) -> int:
    """Bytes of the distinct arrays the compiled kernels read for the synapses."""
    seen: dict[int, int] = {}
    for arr in (*model.arrays.out, *model.arrays.inn):
        # Views of one buffer (a symmetric connectome's in- and out-edges) count once.
        seen[arr.__array_interface__["data"][0]] = arr.nbytes
    return sum(seen.values())


def run_case(
    name: str,
    make_connectome: Callable[[], na.Connectome],
    make_model: Callable[[na.Connectome], na.NeuralModel],
) -> dict[str, Any]:
    """Measure one connectome and one model built on it."""
    c, c_mem = measure(make_connectome)
    model, m_mem = measure(lambda: make_model(c))
    gc.collect()
    before = rss_bytes()
    model.run_for(1)
    gc.collect()
    first_step = rss_bytes() - before
    return {
        "name": name,
        "c": c,
        "c_mem": c_mem,
        "m_mem": m_mem,
        "kernel": kernel_bytes(model),
        "first_step": first_step,
    }


def warm_up() -> None:
    """Load the numba kernels and Mesa machinery once, so that RSS growth is data."""
    for c in (
        na.Connectome.from_matrix(hopfield.hebbian_weights(hopfield.random_patterns(40, 2))),
        na.Connectome.from_matrix(symmetric_sparse(400, 400, 0)),
        na.builders.gnp_ei(40, 10, p=0.1, rng=0),
    ):
        for scheduler in ("async-sweep", "sync"):
            model = na.NeuralModel(c, scheduler=scheduler, rng=0, record_every=None)
            model.run_for(2)
            model.run_until_stable(max_sweeps=2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke sizes")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    seed = args.seed
    n_dense = 500 if args.quick else 5000
    n_sparse, pairs = (5000, 12_500) if args.quick else (50_000, 1_250_000)
    n_e, n_i, p = (4000, 1000, 0.001) if args.quick else (40_000, 10_000, 0.001)

    warm_up()
    patterns = hopfield.random_patterns(n_dense, n_dense // 20, rng=seed)
    dense_w = hopfield.hebbian_weights(patterns)  # float64 input, built before measuring
    sym_w = symmetric_sparse(n_sparse, pairs, seed)

    cases = [
        run_case(
            f"hopfield dense n={n_dense}",
            lambda: na.Connectome.from_matrix(dense_w),
            lambda c: hopfield.HopfieldModel(c, rng=seed, record_every=None),
        ),
        run_case(
            f"symmetric sparse n={n_sparse}",
            lambda: na.Connectome.from_matrix(sym_w),
            lambda c: na.NeuralModel(c, rule="sign", rng=seed, record_every=None),
        ),
        run_case(
            f"directed gnp_ei n={n_e + n_i}",
            lambda: na.builders.gnp_ei(n_e, n_i, p=p, rng=seed),
            lambda c: na.NeuralModel(
                c, rule="threshold", scheduler="sync", rng=seed, record_every=None
            ),
        ),
    ]

    print("Connectome storage (target: <= 16 bytes per synapse)")
    rows = []
    for r in cases:
        c = r["c"]
        kind = f"{c.storage}, {'symmetric' if c.symmetric else 'directed'}"
        rows.append([
            r["name"], kind, f"{c.n_edges:,}", f"{c.nbytes:,}",
            f"{c.bytes_per_synapse:.2f}", f"{r['kernel'] / c.n_edges:.2f}",
            f"{(r['c_mem']['retained'] - c.nbytes) / c.n_nodes:,.0f} B",
        ])  # fmt: skip
    print(
        table(
            [
                "connectome",
                "storage",
                "n_edges",
                "nbytes",
                "bytes/synapse",
                "kernel B/syn",
                "rest/neuron",
            ],
            rows,
        )
    )

    print(
        "  kernel B/syn: the arrays the compiled kernels read (out-edges only; indptr as\n"
        "  int64). rest/neuron: what the connectome retains besides nbytes (node ids,\n"
        "  the id -> index dict, node attributes), per neuron."
    )
    print("\nWhat building adds (tracemalloc: retained after / peak during; RSS growth)")
    rows = []
    for r in cases:
        c, cm, mm = r["c"], r["c_mem"], r["m_mem"]
        rows.append([
            r["name"],
            f"{fmt_bytes(cm['retained'])} / {fmt_bytes(cm['peak'])}",
            f"{fmt_bytes(mm['retained'])} / {fmt_bytes(mm['peak'])}",
            fmt_bytes(mm["rss"]),
            f"{mm['retained'] / c.n_nodes:,.0f} B",
            f"{mm['retained'] / c.n_edges:.2f} B",
            fmt_bytes(r["first_step"]),
        ])  # fmt: skip
    print(
        table(
            [
                "case",
                "connectome build",
                "model build",
                "model RSS",
                "model/neuron",
                "model/synapse",
                "1st step RSS",
            ],
            rows,
        )
    )
    print(
        "  connectome build: from the weight matrix (dense, symmetric) or the whole\n"
        "  generator (gnp_ei). model build: on that connectome; it holds one Mesa agent\n"
        "  and a few float64 arrays per neuron, nothing per synapse. RSS growth can read\n"
        "  low when the allocator reuses memory freed earlier; tracemalloc counts numpy,\n"
        "  numba and Python allocations but not its own bookkeeping."
    )
    if not args.quick:
        per = {r["name"]: r["c"].bytes_per_synapse for r in cases}
        per_neuron = [r["m_mem"]["retained"] / r["c"].n_nodes for r in cases]
        names = list(per)
        row = [
            "memory per synapse: " + " / ".join(names),
            " / ".join(f"{per[k]:.2f} B" for k in names),
            f"a model adds {min(per_neuron):,.0f}–{max(per_neuron):,.0f} B per neuron, "
            "nothing per synapse",
            "directed sparse ≤ 16 B: "
            + (
                "met"
                if max(per.values()) <= 16
                else "**missed** (16 B + 8 B a neuron of row pointers)"
            ),
        ]
        write_results("memory", {"bytes_per_synapse": per, "model_per_neuron": per_neuron},
                      [row], code=CODE)  # fmt: skip


if __name__ == "__main__":
    main()
