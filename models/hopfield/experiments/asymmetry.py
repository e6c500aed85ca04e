"""The experiment ``asymmetry``: what is left of Hopfield's theorem without symmetry.

Four parts, each a sweep of one trial
(:mod:`~neuroagents.models.hopfield.experiments.asymmetry_trials`)
over a grid and independent networks, pooled per network first so that every error bar
is a standard error across networks:

1. ``hebbian``: ``W_hebb + k A``: fixed points reached, cycle lengths, retrieval and
   spurious states against k; unhappy bits at the patterns against
   :func:`~neuroagents.models.hopfield.asymmetry.one_step_error_asym`.
2. ``fixed_points``: exact counts of fixed points of random ``J^s + k J^as`` against
   :func:`~neuroagents.models.hopfield.asymmetry.expected_fixed_points`.
3. ``convergence``: how often runs on random ``J^s + k J^as`` reach a fixed point, as n
   grows; the synchronous cycle lengths.
4. ``dilution``: retrieval on diluted Hebbian nets against Derrida-Gardner-Zippelius.

Pieces:
    hebbian_table, fixed_points_table, convergence_table, dilution_table: the summaries.
    asymmetry_experiment, ASYMMETRY: the experiment ``runs/questions_asymmetry.toml`` runs.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.errors import ConfigError
from neuroagents.models.hopfield import figures_asymmetry as figures
from neuroagents.models.hopfield.asymmetry import (
    DGZ_CAPACITY,
    asymmetry_eta,
    dgz_overlap,
    expected_fixed_points,
    one_step_error_asym,
)
from neuroagents.models.hopfield.experiments.asymmetry_headlines import asymmetry_headlines
from neuroagents.models.hopfield.experiments.asymmetry_trials import (
    dilution_trial,
    hebbian_asymmetry_trial,
    hebbian_fixed_points_trial,
    random_convergence_trial,
    random_fixed_points_trial,
)
from neuroagents.models.hopfield.experiments.networks import network_sem
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_params,
    sweep_trials,
)

__all__ = [
    "ASYMMETRY",
    "asymmetry_experiment",
    "convergence_table",
    "dilution_table",
    "fixed_points_table",
    "growth_table",
    "hebbian_table",
    "one_step_table",
]


def _per_net_summary(runs: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
    """Mean of each value per network, then mean and sem across networks."""
    per_net = runs.groupby([*keys, "seed"])[values].mean().reset_index()
    return summarize(per_net, keys, values, quantiles=())


def _period_counts(periods: pd.Series) -> str:
    """``"1:22 2:2"``: how many runs ended in each cycle length (0 = none in the budget)."""
    return " ".join(f"{v}:{c}" for v, c in sorted(periods.value_counts().items()))


def hebbian_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per (alpha, k, start kind, scheduler): fixed points, cycles, overlaps, spurious states."""
    runs = runs.assign(
        converged=runs["converged"].astype(float),
        spurious=runs["spurious"].astype(float),
        long_cycle=(runs["period"] > 2).astype(float),
        no_repeat=(runs["period"] == 0).astype(float),
    )
    values = ["converged", "overlap", "spurious", "long_cycle", "no_repeat"]
    keys = ["alpha", "k", "start_kind", "scheduler"]
    table = _per_net_summary(runs, keys, values)
    extra = runs.groupby(keys).agg(
        runs=("converged", "size"),
        median_steps=("steps", "median"),
        periods=("period", _period_counts),
    )
    table = table.merge(extra.reset_index(), on=keys)
    table["eta"] = [asymmetry_eta(k) for k in table["k"]]
    return table


def one_step_table(runs: pd.DataFrame, n: int) -> pd.DataFrame:
    """Unhappy bits at the stored patterns against ``1/2 erfc(1/sqrt(2 alpha (1 + k^2)))``."""
    nets = runs.drop_duplicates(["alpha", "k", "seed"])
    table = summarize(nets, ["alpha", "k"], "unhappy_at_patterns", quantiles=())
    # Rare errors: most nets show none, so the sem is floored at the pooled binomial one.
    table["unhappy_at_patterns_sem"] = [
        network_sem(rows["unhappy_at_patterns"], int((rows["patterns"] * n).sum()))
        for _, rows in nets.groupby(["alpha", "k"])
    ]
    table["theory"] = [
        one_step_error_asym(a, k) for a, k in zip(table["alpha"], table["k"], strict=True)
    ]
    table["theory_n"] = [
        one_step_error_asym(a, k, n) for a, k in zip(table["alpha"], table["k"], strict=True)
    ]
    table["z"] = (table["unhappy_at_patterns_mean"] - table["theory_n"]) / table[
        "unhappy_at_patterns_sem"
    ]
    return table


def fixed_points_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Exact fixed-point counts per (n, k) against the exact mean (NaN where not derived)."""
    table = summarize(runs, ["n", "k"], "fixed_points", quantiles=())
    table["eta"] = [asymmetry_eta(k) for k in table["k"]]
    table["theory"] = [
        expected_fixed_points(n, k) if k <= 1 else (0.0 if k == math.inf else math.nan)
        for n, k in zip(table["n"], table["k"], strict=True)
    ]
    table["z"] = (table["fixed_points_mean"] - table["theory"]) / table["fixed_points_sem"]
    return table


def growth_table(ks: list[float], sizes: tuple[int, ...] = (16, 100, 1000)) -> pd.DataFrame:
    """``ln E[N] / n`` of random ``J^s + k J^as`` for 0 <= k <= 1: fixed points grow as e^(g n)."""
    rows = [
        {
            "k": k,
            "eta": asymmetry_eta(k),
            "n": n,
            "growth": math.log(expected_fixed_points(n, k)) / n,
        }
        for k in ks
        if k <= 1
        for n in sizes
    ]
    return pd.DataFrame(rows)


def convergence_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per (n, k): asynchronous runs reaching a fixed point; synchronous cycle lengths."""
    period = runs["sync_period"]
    runs = runs.assign(
        async_converged=runs["async_converged"].astype(float),
        sync_fixed=(period == 1).astype(float),
        sync_2=(period == 2).astype(float),
        sync_4=(period == 4).astype(float),
        sync_longer=((period > 2) & (period != 4)).astype(float),
        sync_none=(period == 0).astype(float),
    )
    values = ["async_converged", "sync_fixed", "sync_2", "sync_4", "sync_longer", "sync_none"]
    table = _per_net_summary(runs, ["n", "k"], values)
    found = runs[runs["sync_period"] > 0].groupby(["n", "k"])["sync_period"]
    table = table.merge(found.median().rename("median_period").reset_index(), how="left")
    table["eta"] = [asymmetry_eta(k) for k in table["k"]]
    return table


def dilution_table(runs: pd.DataFrame, steps: int) -> pd.DataFrame:
    """Per (c, symmetric, load): overlaps against the DGZ map from the same start."""
    runs = runs.assign(async_converged=runs["async_converged"].astype(float))
    values = ["m_sync_1", "m_sync", "m_async", "async_converged"]
    table = summarize(runs, ["c", "symmetric", "load"], [*values, "m0"], quantiles=())
    m0 = table["m0_mean"]
    table["dgz_1"] = [dgz_overlap(a, m, 1) for a, m in zip(table["load"], m0, strict=True)]
    table["dgz_steps"] = [dgz_overlap(a, m, steps) for a, m in zip(table["load"], m0, strict=True)]
    table["dgz_fixed"] = [dgz_overlap(a) for a in table["load"]]
    return table


def asymmetry_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Run the four parts: a table and a figure each (the main table is the Hebbian runs).

    Tables ``hebbian``, ``one_step``, ``fixed_points``, ``convergence``, ``dilution`` and
    the runs behind the last three.
    """
    p = params
    if any(c <= 0 for c in p.cs):
        raise ConfigError(f"params.cs must hold fractions in (0, 1]. Got {p.cs}.")
    if not all(math.isfinite(k) for k in p.ks):
        raise ConfigError(
            f"params.ks must be finite (W_hebb + k A needs a Hebbian part; k = inf, the "
            f"antisymmetric net, belongs in params.random_ks). Got {p.ks}."
        )
    hebb_runs = sweep_trials(
        hebbian_asymmetry_trial,
        {"alpha": list(p.alphas), "k": list(p.ks)},
        {"n": p.n, "noise": p.noise, "starts": p.starts,
         "random_starts": p.random_starts, "max_sweeps": p.max_sweeps},
        p, rng,
    )  # fmt: skip
    hebb, one_step = hebbian_table(hebb_runs), one_step_table(hebb_runs, p.n)
    exact_runs = sweep_trials(
        hebbian_fixed_points_trial,
        {"k": list(p.ks)},
        {"n": p.exact_hebbian_n, "patterns": p.exact_hebbian_patterns},
        p,
        rng,
    )
    exact = summarize(exact_runs, "k", ["fixed_points", "memories", "spurious"], quantiles=())
    fp_runs = sweep_trials(
        random_fixed_points_trial,
        {"n": list(p.exact_ns), "k": list(p.random_ks)},
        {},
        {**p, "seeds": p.exact_nets},
        rng,
    )
    fixed = fixed_points_table(fp_runs)
    growth = growth_table(list(p.random_ks))
    conv_runs = sweep_trials(
        random_convergence_trial,
        {"n": list(p.random_ns), "k": list(p.random_ks)},
        {"starts": p.starts + p.random_starts, "max_sweeps": p.max_sweeps},
        p,
        rng,
    )
    conv = convergence_table(conv_runs)
    dil_runs = sweep_trials(
        dilution_trial,
        {"c": list(p.cs), "symmetric": [False, True], "load": list(p.loads)},
        {"n": p.dilution_n, "noise": p.noise, "steps": p.dilution_steps,
         "max_sweeps": p.max_sweeps},
        {**p, "seeds": p.dilution_nets},
        rng,
    )  # fmt: skip
    dil = dilution_table(dil_runs, p.dilution_steps)
    return ExperimentResult(
        table=hebb_runs,
        summary=_summary(p, hebb, one_step, exact, fixed, growth, conv, dil),
        figures={
            "asymmetry_hebbian": partial(figures.hebbian_figure, hebb, one_step, exact),
            "asymmetry_random": partial(figures.random_figure, fixed, conv),
            "asymmetry_dilution": partial(figures.dilution_figure, dil, DGZ_CAPACITY),
        },
        tables={
            "hebbian": hebb,
            "one_step": one_step,
            "hebbian_fixed_points": exact,
            "fixed_points": fixed,
            "fixed_points_runs": fp_runs,
            "fixed_point_growth": growth,
            "convergence": conv,
            "convergence_runs": conv_runs,
            "dilution": dil,
            "dilution_runs": dil_runs,
        },
    )


def _summary(p, hebb, one_step, exact, fixed, growth, conv, dil) -> str:
    async_rows = hebb[hebb["scheduler"] == "async-sweep"]
    sync_rows = hebb[hebb["scheduler"] == "sync"]
    return "\n".join(
        [
            f"1. Hebbian W + k A, n = {p['n']}, budget {p['max_sweeps']} sweeps/steps, "
            f"{p['seeds']} nets per point.",
            "Asynchronous runs:",
            format_table(async_rows, ["alpha", "k", "start_kind", "converged_mean",
                                      "converged_sem", "overlap_mean", "spurious_mean"]),
            "Synchronous runs (periods: count of runs per cycle length, 0 = none in budget):",
            format_table(sync_rows, ["alpha", "k", "start_kind", "converged_mean",
                                     "overlap_mean", "periods"]),
            "Unhappy bits at the stored patterns against 1/2 erfc(1/sqrt(2 alpha (1+k^2))) "
            "(theory_n: at this n):",
            format_table(one_step, ["alpha", "k", "unhappy_at_patterns_mean",
                                    "unhappy_at_patterns_sem", "theory", "theory_n", "z"]),
            f"Every fixed point of Hebbian nets of n = {p['exact_hebbian_n']} storing "
            f"{p['exact_hebbian_patterns']} patterns (memories: the 2p states ±xi fixed):",
            format_table(exact, ["k", "fixed_points_mean", "memories_mean", "spurious_mean",
                                 "spurious_sem"]),
            "2. Fixed points of random J^s + k J^as, all 2^n states (theory: exact mean):",
            format_table(fixed, ["n", "k", "eta", "fixed_points_mean", "fixed_points_sem",
                                 "theory", "z"]),
            "Growth rate ln E[N] / n of the exact mean number of fixed points:",
            format_table(growth.pivot(index=["k", "eta"], columns="n", values="growth")
                         .reset_index().rename(columns=str), ["k", "eta", "16", "100", "1000"]),
            "3. Random J^s + k J^as from random starts:",
            format_table(conv, ["n", "k", "async_converged_mean", "async_converged_sem",
                                "sync_fixed_mean", "sync_2_mean", "sync_4_mean",
                                "sync_longer_mean", "sync_none_mean", "median_period"]),
            f"4. Diluted Hebbian nets, n = {p['dilution_n']}, overlap after "
            f"{p['dilution_steps']} synchronous steps (DGZ: extreme dilution, capacity 2/pi):",
            format_table(dil, ["c", "symmetric", "load", "m_sync_1_mean", "dgz_1",
                               "m_sync_mean", "dgz_steps", "m_async_mean",
                               "async_converged_mean"]),
        ]
    )  # fmt: skip


ASYMMETRY = Experiment(
    name="asymmetry",
    description="Hopfield nets without symmetry: W_sym + k W_antisym, random nets, dilution",
    params={
        "n": Param(400, "neurons of the Hebbian nets", low=2),
        "alphas": Param([0.05, 0.1], "loads alpha = p/n of the Hebbian nets"),
        "ks": Param(
            [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0], "mixing k of the antisymmetric part", low=0
        ),
        "noise": Param(
            0.1, "fraction of a pattern's bits flipped in a pattern start", low=0, high=1
        ),
        "starts": Param(3, "corrupted-pattern starts per net", low=0),
        "random_starts": Param(3, "random starts per net", low=0),
        "max_sweeps": Param(200, "budget T: asynchronous sweeps or synchronous steps", low=1),
        "exact_hebbian_n": Param(
            18, "Hebbian nets whose 2^n states are enumerated", low=2, high=24
        ),
        "exact_hebbian_patterns": Param(3, "patterns those nets store", low=1),
        "random_ks": Param(
            [0.0, 0.25, 0.5, 0.75, 1.0, 2.0, math.inf],
            "k of the random nets (inf: antisymmetric)",
            low=0,
            allow_inf=True,
        ),
        "exact_ns": Param([8, 12, 16], "sizes whose 2^n states are enumerated", low=2, high=24),
        "exact_nets": Param(40, "random nets per point for the exact counts", low=2),
        "random_ns": Param([25, 50, 100, 200], "sizes of the random nets run", low=2),
        "cs": Param([0.1, 0.02], "fractions c of synapses kept", low=0, high=1),
        "loads": Param(
            [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0],
            "patterns per kept input synapse, p / (c n)",
            low=0,
        ),
        "dilution_n": Param(2000, "neurons of the diluted nets", low=2),
        "dilution_steps": Param(20, "synchronous steps of the diluted nets", low=1),
        "dilution_nets": Param(4, "diluted nets per point", low=2),
        **sweep_params(8, "independent networks per grid point"),
    },
    run=asymmetry_experiment,
    headlines=asymmetry_headlines,
    quick={
        "n": 100,
        "alphas": [0.05],
        "ks": [0.0, 0.5, 1.0],
        "starts": 2,
        "random_starts": 2,
        "max_sweeps": 50,
        "random_ks": [0.0, 1.0, math.inf],
        "exact_ns": [8],
        "exact_hebbian_n": 10,
        "exact_nets": 4,
        "random_ns": [20],
        "cs": [0.1],
        "loads": [0.2, 1.0],
        "dilution_n": 300,
        "dilution_steps": 5,
        "dilution_nets": 2,
        "seeds": 2,
        "backend": "serial",
    },
)
