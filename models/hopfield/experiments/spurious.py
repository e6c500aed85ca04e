"""Spurious memories: -M, the 3-mixtures, and where random starts end.

Pieces:
    spurious_trial: -M, 3-mixtures and a census of random starts in one net.
    SPURIOUS: the experiment ``spurious``.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.networks import (
    SWEEP_PARAMS,
    network_sem,
    pattern_count,
    stored_network,
)
from neuroagents.models.hopfield.experiments.run_headlines import spurious_headlines
from neuroagents.models.hopfield.network import (
    CENSUS,
    classify_state,
    corrupt,
    mixture,
    overlap,
    random_patterns,
)
from neuroagents.models.hopfield.theory import crosstalk_below, mixture_error
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_trials,
)
from neuroagents.validation import check_int

__all__ = ["SPURIOUS", "spurious_experiment", "spurious_trial"]


def spurious_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Spurious memories of one Hebbian net: -M, 3-mixtures, and where random starts end.

    Params: ``n``, ``alpha`` (at least 3 patterns), ``probes`` (patterns and mixtures
    tested, default 5), ``noise`` (bits flipped in the -M cue, default 0.1),
    ``starts`` (random initial states for the census, default 20), ``max_sweeps``.

    Returns:
        ``unhappy_pattern`` and ``unhappy_reversed`` (unhappy bits at M and at -M,
        equal by symmetry); ``reversed_overlap`` (final overlap with M from a
        corrupted -M); ``mixture_unhappy`` (fraction of unhappy bits at 3-mixtures),
        ``mixture_unhappy_exact`` (finite-n theory given the mixtures drawn),
        ``mixture_overlap`` (final overlap with the mixture it started at),
        ``mixture_components`` (mean signed overlap with its three patterns after
        settling, 1/2 in theory); census counts ``stored``, ``reversed``,
        ``3-mixture``, ``other`` (out of ``starts``).

    Examples:
        >>> out = spurious_trial({"n": 300, "alpha": 0.01, "starts": 5},
        ...                      np.random.default_rng(0))
        >>> out["unhappy_pattern"] == out["unhappy_reversed"], out["reversed_overlap"]
        (True, -1.0)
        >>> round(out["mixture_overlap"], 2)
        1.0
    """
    n = params["n"]
    count = pattern_count(n, params["alpha"], "spurious_trial")
    if count < 3:
        raise ValidationError(
            f"spurious_trial needs at least 3 patterns for mixtures; alpha * n = {count}."
        )
    probes = min(count, check_int("probes", params.get("probes", 5), "spurious_trial", low=1))
    max_sweeps = params.get("max_sweeps", 200)
    flips = round(params.get("noise", 0.1) * n)
    patterns = random_patterns(n, count, rng)
    model = stored_network(patterns, rng)
    out: dict[str, Any] = {"patterns": count}

    unhappy = np.zeros(2, dtype=np.int64)
    finals = []
    for k in range(probes):
        for side, sign in enumerate((1, -1)):
            model.set_state(sign * patterns[k])
            unhappy[side] += model.count_unhappy()
        model.set_state(corrupt(-patterns[k], flips, rng))
        model.run_until_stable(max_sweeps=max_sweeps)
        finals.append(overlap(patterns[k], model.state)[0])
    out["unhappy_pattern"] = int(unhappy[0])
    out["unhappy_reversed"] = int(unhappy[1])
    out["reversed_overlap"] = float(np.mean(finals))

    wrong, exact, stay, parts = 0, 0.0, [], []
    for _ in range(probes):
        which = rng.choice(count, size=3, replace=False)
        signs = rng.choice([-1, 1], size=3)
        start = mixture(patterns[which], signs)
        model.set_state(start)
        wrong += model.count_unhappy()
        # Signal at bit i: v_i sum_k s_k M_k^i (n m_k - s_k M_k^i v_i), with n m_k the
        # signed overlap count of the state with s_k M_k; the rest is crosstalk.
        signed = (signs[:, None] * patterns[which]).astype(np.int64)
        signal = start * (signed.T @ (signed @ start.astype(np.int64))) - 3
        exact += float(crosstalk_below(-signal, (count - 3) * (n - 1)).mean())
        model.run_until_stable(max_sweeps=max_sweeps)
        stay.append(overlap(start, model.state)[0])
        parts.append(float(np.mean(signs * overlap(patterns[which], model.state))))
    out["mixture_unhappy"] = wrong / (probes * n)
    out["mixture_unhappy_exact"] = exact / probes
    out["mixture_overlap"] = float(np.mean(stay))
    out["mixture_components"] = float(np.mean(parts))

    census = dict.fromkeys(CENSUS, 0)
    for _ in range(params.get("starts", 20)):
        model.set_state(np.where(rng.random(n) < 0.5, 1, -1))
        model.run_until_stable(max_sweeps=max_sweeps)
        census[classify_state(patterns, model.state)] += 1
    out.update(census)
    return out


def spurious_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """-M is stored too; 3-mixtures are stable at small alpha; where random starts end."""
    runs = sweep_trials(
        spurious_trial,
        {"alpha": list(params.alphas)},
        {
            "n": params.n,
            "probes": params.probes,
            "starts": params.starts,
            "noise": params.noise,
        },
        params,
        rng,
    )
    n = params.n
    rows = []
    for alpha, g in runs.groupby("alpha"):
        bits = params.probes * n * len(g)
        starts = g["starts"].sum()
        row = {
            "alpha": alpha,
            "networks": len(g),
            "reversal_symmetric": bool((g["unhappy_pattern"] == g["unhappy_reversed"]).all()),
            "reversed_overlap": g["reversed_overlap"].mean(),
            "reversed_overlap_sem": g["reversed_overlap"].std(ddof=1) / math.sqrt(len(g)),
            "mixture_unhappy": g["mixture_unhappy"].mean(),
            "mixture_unhappy_sem": network_sem(g["mixture_unhappy"], bits),
            "mixture_unhappy_exact": g["mixture_unhappy_exact"].mean(),
            "mixture_unhappy_theory": mixture_error(int(g["patterns"].iloc[0]) / n),
            "mixture_overlap": g["mixture_overlap"].mean(),
            "mixture_overlap_sem": g["mixture_overlap"].std(ddof=1) / math.sqrt(len(g)),
            "mixture_components": g["mixture_components"].mean(),
        }
        for name in CENSUS:
            row[name] = g[name].sum() / starts
        row["starts"] = starts
        rows.append(row)
    table = pd.DataFrame(rows)
    lines = [
        f"Spurious memories at n = {n}.",
        "-M: unhappy bits at -M equal those at M in every net: "
        f"{bool(table['reversal_symmetric'].all())}; final overlap with M from -M with "
        f"{params.noise:.0%} of bits flipped:",
        format_table(table, ["alpha", "reversed_overlap"]),
        "3-mixtures: unhappy fraction at the mixture (theory: large n / exact finite n), "
        "and the overlap with the mixture after settling:",
        format_table(
            table,
            [
                "alpha",
                "mixture_unhappy",
                "mixture_unhappy_theory",
                "mixture_unhappy_exact",
                "mixture_overlap",
                "mixture_components",
            ],
        ),
        "Census of random starts (fractions):",
        format_table(table, ["alpha", *CENSUS, "starts"]),
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"spurious": partial(figures.spurious_figure, table)},
        tables={"networks": runs},
    )


SPURIOUS = Experiment(
    name="spurious",
    description="-M, 3-mixtures, and a census of where random starts end",
    params={
        "n": Param(1000, "neurons", low=2),
        "alphas": Param(
            [0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.138, 0.2], "loads alpha = p/n"
        ),
        "probes": Param(5, "patterns and mixtures tested per network", low=1),
        "starts": Param(40, "random starts per network for the census", low=1),
        "noise": Param(0.1, "fraction of bits flipped in the -M cue", low=0, high=1),
        **SWEEP_PARAMS,
    },
    run=spurious_experiment,
    headlines=spurious_headlines,
    quick={
        "n": 400,
        "alphas": [0.01, 0.05, 0.2],
        "starts": 10,
        "seeds": 3,
        "backend": "serial",
    },
)
