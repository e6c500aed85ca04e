"""NNevolution: genotypes evaluated per second, batched against a per-genotype Python loop.

The workload is one generation's evaluation: P genotypes (parameter vectors of a
sigmoid net) each scored on the same minibatch of 32 examples (mean squared error), for
the two net shapes of ``runs/evolution_vs_signsgd.toml``: the teacher-student net
``[10, 16, 4]`` (Normal inputs) and the digits net ``[64, 16, 10]`` (8×8 digits).

- batched (the project): ``evolution.population_losses(layout, genomes, x, y)``: the P
  nets' weights stacked ``(P, n_out, n_in)`` per layer, one batched matrix product and
  one sigmoid per layer for the whole population.
- naive loop (the baseline): for each genotype, split its vector into per-layer arrays
  and run the single-net forward pass (``feedforward.activations``) and the loss:
  the same arithmetic, P Python-level forward passes.
- whole generation: ``NNEvolution.step`` with the offsets scheme: sampling the P
  genotypes, the batched evaluation, the allele-fitness bookkeeping and the update,
  reported as genotypes per second too.

Both evaluation cases get the same genomes and minibatch (set up outside the timed
region) and must agree to 1e-12 (printed). Cases are timed round-robin.

Run:
    .venv/bin/python benchmarks/evolution.py            # P = 10, 100, 1000 (~30 s)
    .venv/bin/python benchmarks/evolution.py --quick    # P = 10, 100, few repeats
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
from _common import fmt_time, table, time_interleaved, write_results

from neuroagents.models.learning import evolution
from neuroagents.models.learning.feedforward import LayeredNet, activations, mse
from neuroagents.models.learning.tasks import digits

NETS = {"teacher": (10, 16, 4), "digits": (64, 16, 10)}
BATCH = 32

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "models/learning/evolution.py",
    "models/learning/feedforward.py",
)


def naive_losses(layout, genomes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The baseline: one forward pass per genotype, in a Python loop."""
    out = np.empty(len(genomes))
    for p, genome in enumerate(genomes):
        weights, thresholds = layout.split(genome)
        out[p] = mse(activations(weights, thresholds, x)[-1], y)
    return out


def bench(name, net, layout, population, x, y, repeat, rng) -> list[str]:
    """Time the batched evaluation, the naive loop and a whole generation for one P."""
    genomes = net.parameters() + 0.3 * rng.normal(size=(population, layout.n_parameters))
    evo = evolution.NNEvolution(
        net, evolution.OffsetAlleles(0.4, 0.55), population=population, epsilon=1.3, rng=1
    )
    cases = {
        "batched": (lambda: genomes, lambda g: evolution.population_losses(layout, g, x, y)),
        "naive loop": (lambda: genomes, lambda g: naive_losses(layout, g, x, y)),
        "generation": (lambda: evo, lambda e: e.step(x, y)),
    }
    timings = time_interleaved(cases, repeat=repeat, warmup=1)
    batched, naive = timings["batched"], timings["naive loop"]
    diff = float(np.max(np.abs(batched.outputs[0] - naive.outputs[0])))
    if diff > 1e-12:
        print(f"WARNING: batched and naive losses differ by {diff:g} at P = {population}")
    gen = timings["generation"]
    FIGURES.append({"net": name, "P": population, "batched": population / batched.median,
                    "naive": population / naive.median})  # fmt: skip
    return [
        f"{name} ({layout.n_parameters})",
        population,
        fmt_time(batched.median),
        f"{population / batched.median:,.0f}",
        fmt_time(naive.median),
        f"{population / naive.median:,.0f}",
        f"{naive.median / batched.median:.1f}x",
        f"{population / gen.median:,.0f}",
        f"{diff:.1e}",
    ]


FIGURES: list[dict[str, Any]] = []  # genotypes per second, filled by bench()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small populations, few repeats")
    parser.add_argument("--repeat", type=int, help="timed repetitions per case")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    populations = (10, 100) if args.quick else (10, 100, 1000)
    repeat = args.repeat or (3 if args.quick else 15)

    rng = np.random.default_rng(args.seed)
    task = digits(rng=rng)
    print(
        f"NNevolution evaluation: minibatch {BATCH}, {repeat} timed repetitions per case (median)."
    )
    rows = []
    for name, sizes in NETS.items():
        if name == "digits":
            idx = rng.choice(len(task.x_train), BATCH, replace=False)
            x, y = task.x_train[idx], task.y_train[idx]
        else:
            x, y = rng.normal(size=(BATCH, sizes[0])), rng.random((BATCH, sizes[-1]))
        net = LayeredNet.random(sizes, rng=rng)
        layout = net.layout
        for population in populations:
            rows.append(bench(name, net, layout, population, x, y, repeat, rng))
    print(
        table(
            [
                "net (genes)",
                "P",
                "batched",
                "genotypes/s",
                "naive loop",
                "genotypes/s",
                "ratio",
                "generation genotypes/s",
                "max |diff|",
            ],
            rows,
        )
    )
    print(
        "ratio = naive time / batched time for the same P genotypes; 'generation' is a "
        "whole NNEvolution.step (sampling + batched evaluation + fitness + update)."
    )
    if not args.quick:
        at = [f for f in FIGURES if f["P"] == 100]
        fast, slow = [f["batched"] for f in at], [f["naive"] for f in at]
        ratio = [f["batched"] / f["naive"] for f in at]
        row = [
            "NNevolution, P = 100 genotypes a generation (over the nets)",
            f"{min(fast) / 1e3:.0f}k–{max(fast) / 1e3:.0f}k genotypes/s",
            f"per-genotype loop: {min(slow) / 1e3:.0f}k–{max(slow) / 1e3:.0f}k/s",
            f"{min(ratio):.1f}–{max(ratio):.1f}×",
        ]
        write_results("evolution", {"cases": FIGURES}, [row], code=CODE)


if __name__ == "__main__":
    main()
