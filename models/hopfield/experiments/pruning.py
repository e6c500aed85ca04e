"""Pruning and sparsification of a Hopfield net's connectome, against theory.

A Hebbian net stores ``p`` random patterns on ``n`` neurons; a pruning rule keeps a
fraction c of its synapses (pairs, so the net stays symmetric). Its load per remaining
synapse is ``a = p / (c n)``. The net is started at each probed pattern and settles
asynchronously; a pattern counts as retrieved when the final overlap is at least
:data:`RETRIEVED` (0.75, below the theory's overlap at capacity for every kept fraction
down to 0.1, and far above a lost pattern's). The measured capacity per remaining
synapse is where half the probes stop being retrieved; theory is Sompolinsky's static
noise (:mod:`~neuroagents.models.hopfield.pruning`).

The activity rule watches the full net for a while: from each stored pattern with 10%
of its bits flipped, Glauber dynamics at temperature T (weights scaled by 1/n, so T is
in the usual units) run ``activity_sweeps`` sweeps, and the synapses whose
``|<s_i s_j>|`` is smallest are removed.

The second part sparsifies ``|W|`` of one Hebbian net (an odd p, so no weight is 0 and
the graph is complete) by effective resistance, tabulates edges kept and the measured
distortion against eps, and asks whether the net, given back its signs, still retrieves.

Pieces:
    RETRIEVED: the overlap that counts as retrieval here.
    pruned_weights: the Hebbian weights of some patterns after a pruning rule.
    retrieval: final overlaps of a net started at its stored patterns.
    pruning_trial: one net, one rule, one kept fraction, one load.
    capacity_table: retrieved fraction and overlap by rule, kept fraction and load,
        with the crossing and the theory.
    sparsify_trial: the sparsification table and retrieval on the sparsified net.
    PRUNING: the experiment ``pruning``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.sparsify import sparsification_table, spectral_sparsify
from neuroagents.analysis.summary import summarize
from neuroagents.connectome import Connectome
from neuroagents.connectome.pruning import (
    hebbian_correlations,
    prune_at_random,
    prune_by_activity,
    prune_by_magnitude,
)
from neuroagents.errors import ConfigError
from neuroagents.models.hopfield import figures_pruning
from neuroagents.models.hopfield.experiments.networks import crossing
from neuroagents.models.hopfield.experiments.pruning_headlines import pruning_headlines
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel, corrupt, random_patterns
from neuroagents.models.hopfield.pruning import (
    EXTREME_DILUTION,
    capacity_per_synapse,
    pruning_noise,
    static_noise_capacity,
    static_noise_overlap,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_params,
    sweep_trials,
)
from neuroagents.validation import check_choice, check_int, check_real

__all__ = [
    "PRUNING",
    "RETRIEVED",
    "capacity_table",
    "pruned_weights",
    "pruning_trial",
    "retrieval",
    "sparsify_trial",
]

RETRIEVED = 0.75
"""A final overlap at least this large counts as retrieval in the pruning experiment."""

RULES = ("none", "magnitude", "random", "activity")


def pruned_weights(
    patterns: np.ndarray,
    rule: str,
    keep: float,
    rng: np.random.Generator,
    *,
    temperature: float = 0.3,
    activity_sweeps: int = 5,
) -> np.ndarray:
    """The Hebbian weights ``sum_k M_k M_k^T`` (zero diagonal) after a pruning rule.

    Examples:
        >>> P = random_patterns(100, 5, rng=0)
        >>> W = pruned_weights(P, "magnitude", 0.2, np.random.default_rng(1))
        >>> round(float(np.count_nonzero(W)) / (100 * 99), 3)
        0.2
    """
    check_choice("rule", rule, "pruned_weights", RULES)
    w = hebbian_weights(patterns, normalize=False)
    if rule == "none":
        return w
    if rule == "magnitude":
        return prune_by_magnitude(w, keep, rng=rng).weights
    if rule == "random":
        return prune_at_random(w, keep, rng=rng).weights
    n = patterns.shape[1]
    watcher = HopfieldModel(
        Connectome.from_matrix(w / n, weight_dtype="float64"),
        temperature=temperature,
        record_every=None,
        rng=rng,
    )
    starts = np.array([corrupt(m, round(0.1 * n), rng) for m in patterns])
    corr = hebbian_correlations(watcher, starts, sweeps=activity_sweeps, burn_in=1)
    return prune_by_activity(w, corr, keep=keep, rng=rng).weights


def retrieval(
    weights: np.ndarray,
    patterns: np.ndarray,
    rng: np.random.Generator,
    *,
    probes: int,
    noise: float = 0.0,
    max_sweeps: int = 100,
) -> np.ndarray:
    """Final overlaps of the net started at its first ``probes`` patterns (bits flipped).

    Examples:
        >>> P = random_patterns(200, 10, rng=0)
        >>> W = hebbian_weights(P, normalize=False)
        >>> retrieval(W, P, np.random.default_rng(0), probes=3).tolist()
        [1.0, 1.0, 1.0]
    """
    model = HopfieldModel(
        Connectome.from_matrix(weights), patterns=patterns, record_every=None, rng=rng
    )
    n = patterns.shape[1]
    finals = []
    for k in range(min(probes, len(patterns))):
        start = corrupt(patterns[k], round(noise * n), rng) if noise else patterns[k]
        model.set_state(start)
        model.run_until_stable(max_sweeps=max_sweeps)
        finals.append(float(patterns[k] @ model.state) / n)
    return np.array(finals)


def pruning_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One net: store the odd number of patterns nearest ``load keep n``, prune, probe.

    Params: ``n``, ``rule``, ``keep``, ``load`` (patterns per remaining synapse),
    ``probes``, ``max_sweeps``, ``temperature`` and ``activity_sweeps`` (activity rule).

    Examples:
        >>> p = {"n": 200, "rule": "random", "keep": 0.5, "load": 0.05, "probes": 3}
        >>> out = pruning_trial(p, np.random.default_rng(0))
        >>> out["patterns"], out["load_actual"], out["retrieved"]
        (5, 0.05, 1.0)
    """
    n = check_int("n", params["n"], "pruning_trial", low=10)
    keep = check_real("keep", params["keep"], "pruning_trial", low=0, high=1, low_open=True)
    load = check_real("load", params["load"], "pruning_trial", low=0, low_open=True)
    # An odd count, so no Hebbian weight is 0 and c is the fraction of all pairs kept.
    count = 2 * max(0, round((load * keep * n - 1) / 2)) + 1
    patterns = random_patterns(n, count, rng)
    w = pruned_weights(
        patterns,
        params["rule"],
        keep,
        rng,
        temperature=params.get("temperature", 0.3),
        activity_sweeps=params.get("activity_sweeps", 5),
    )
    finals = retrieval(
        w, patterns, rng, probes=params["probes"], max_sweeps=params.get("max_sweeps", 100)
    )
    return {
        "patterns": count,
        "load_actual": count / (keep * n),
        "kept_fraction": np.count_nonzero(w) / (n * (n - 1)),
        "overlap": float(finals.mean()),
        "retrieved": float(np.mean(finals >= RETRIEVED)),
    }


def capacity_table(
    runs: pd.DataFrame, by: Sequence[str] = ("rule", "keep")
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Means over networks by ``by`` and load, and the capacity of each ``by`` group.

    Args:
        runs: the trials' rows (``rule``, ``keep``, ``load``, ``load_actual``,
            ``overlap``, ``retrieved`` and any other ``by`` columns, such as ``n``).
        by: the columns that define one capacity (they must include rule and keep).

    Returns:
        ``summary`` (``overlap_mean``/``_sem``, ``retrieved_mean``/``_sem`` and the
        theory overlap ``overlap_theory``), and ``capacity``: per group the measured
        load per remaining synapse where half the probes are lost (``capacity``),
        beside ``theory`` (Sompolinsky's static noise; the activity rule is set
        against magnitude pruning, which it estimates) and their ``ratio``.
    """
    keys = list(by)
    summary = summarize(
        runs, [*keys, "load"], ["overlap", "retrieved", "load_actual"], quantiles=()
    )
    summary = summary.rename(
        columns={"overlap_count": "networks", "load_actual_mean": "load_actual"}
    ).drop(columns=["retrieved_count", "load_actual_count", "load_actual_sem"])

    def noise(rule: str, keep: float) -> float:
        return 0.0 if rule == "none" else pruning_noise(_theory_rule(rule), keep)

    summary["overlap_theory"] = [
        static_noise_overlap(load * keep, noise(rule, keep))
        for rule, keep, load in summary[["rule", "keep", "load_actual"]].itertuples(index=False)
    ]
    rows = []
    for values, g in summary.groupby(keys, sort=False):
        row = dict(zip(keys, values, strict=True))
        g = g.sort_values("load")
        k2 = noise(row["rule"], row["keep"])
        alpha_c, m_c = static_noise_capacity(k2)
        row["capacity"] = crossing(g["load_actual"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        row.update(theory=alpha_c / row["keep"], kappa2=k2, overlap_at_capacity=m_c)
        rows.append(row)
    capacity = pd.DataFrame(rows)
    capacity["ratio"] = capacity["capacity"] / capacity["theory"]
    return summary, capacity


def _loads(loads: list[float], keep: float) -> list[float]:
    """The loads worth running at a kept fraction: up to 2.5 x the largest theory."""
    top = 2.5 * float(capacity_per_synapse("magnitude", keep))
    chosen = [a for a in loads if a <= top]
    return chosen or sorted(loads)[:1]


def _theory_rule(rule: str) -> str:
    return "magnitude" if rule == "activity" else rule


def sparsify_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Sparsify ``|W|`` of one Hebbian net; retrieval on the result with W's signs.

    Returns:
        ``table``: :func:`~neuroagents.analysis.sparsify.sparsification_table` rows with
        ``samples_rule`` ("chernoff" or "C=<constant>"); ``retrieval``: per sparsifier
        (and for the full net and magnitude / random pruning to the same kept
        fraction) the mean final overlap from the stored and from 10%-corrupted
        patterns.
    """
    n, alpha = params["sparsify_n"], params["sparsify_alpha"]
    count = max(1, round(alpha * n)) | 1  # odd: no Hebbian weight is exactly 0
    patterns = random_patterns(n, count, rng)
    w = hebbian_weights(patterns, normalize=False)
    conductance = np.abs(w)
    tables = []
    for constant in [None, *params["sample_constants"]]:
        t = sparsification_table(
            conductance, params["epsilons"], samples_constant=constant, rng=rng
        )
        t.insert(0, "samples_rule", "chernoff" if constant is None else f"C={constant:g}")
        tables.append(t)
    table = pd.concat(tables, ignore_index=True)
    probes = params["probes"]
    rows = []

    def probe(kind: str, eps: float, weights: np.ndarray) -> None:
        kept = np.count_nonzero(weights) / (n * (n - 1))
        for noise in (0.0, 0.1):
            finals = retrieval(weights, patterns, rng, probes=probes, noise=noise)
            rows.append(
                {
                    "weights": kind,
                    "epsilon": eps,
                    "kept_fraction": kept,
                    "noise": noise,
                    "overlap": float(finals.mean()),
                    "retrieved": float(np.mean(finals >= RETRIEVED)),
                }
            )

    probe("full", np.nan, w)
    for constant in [None, *params["sample_constants"]]:
        label = "sparsified (chernoff)" if constant is None else f"sparsified (C={constant:g})"
        for eps in params["epsilons"]:
            q = None if constant is None else int(np.ceil(constant * n * np.log(n) / eps**2))
            h = spectral_sparsify(conductance, eps, samples=q, rng=rng).toarray()
            signed = np.sign(w) * h
            probe(label, eps, signed)
            keep = np.count_nonzero(signed) / (n * (n - 1))
            probe("magnitude", eps, prune_by_magnitude(w, keep, rng=rng).weights)
            probe("random", eps, prune_at_random(w, keep, rng=rng).weights)
    return {"table": table, "retrieval": pd.DataFrame(rows), "patterns": count}


def pruning_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Capacity per remaining synapse under each pruning rule; spectral sparsification."""
    for k, keep in enumerate(params.keeps):
        if not 0 < keep <= 1:
            raise ConfigError(
                f"params.keeps[{k}] of the pruning experiment must be a fraction in (0, 1]. "
                f"Got {keep!r}."
            )
    for name in ("epsilons",):
        for k, eps in enumerate(params[name]):
            if not 0 < eps < 1:
                raise ConfigError(
                    f"params.{name}[{k}] of the pruning experiment must be in (0, 1). Got {eps!r}."
                )
    fixed = {
        "n": params.n,
        "probes": params.probes,
        "temperature": params.temperature,
        "activity_sweeps": params.activity_sweeps,
    }
    parts = [
        sweep_trials(
            pruning_trial,
            {"rule": ["none"], "keep": [1.0], "load": _loads(params.loads, 1.0)},
            fixed,
            params,
            rng,
        )
    ]
    for keep in params.keeps:
        grid = {
            "rule": list(params.rules),
            "keep": [keep],
            "load": _loads(params.loads, keep),
        }
        parts.append(sweep_trials(pruning_trial, grid, fixed, params, rng))
    runs = pd.concat(parts, ignore_index=True)
    summary, capacity = capacity_table(runs)
    sparse = sparsify_trial(params, rng)
    lines = [
        f"Pruned Hebbian nets, n = {params.n}: capacity per remaining synapse "
        f"(patterns / (kept fraction x n) where half the patterns are lost; final overlap "
        f">= {RETRIEVED}) against Sompolinsky's static-noise theory.",
        format_table(capacity, ["rule", "keep", "capacity", "theory", "ratio"]),
        f"Strong-dilution limit (Derrida-Gardner-Zippelius): {EXTREME_DILUTION:.3f}; "
        f"fully connected (AGS): {static_noise_capacity(0.0)[0]:.3f}.",
        f"Spectral sparsification of |W| ({sparse['patterns']} patterns, n = {params.sparsify_n}):",
        format_table(
            sparse["table"],
            ["samples_rule", "epsilon", "samples", "kept_fraction", "distortion_max", "within"],
        ),
        "Retrieval (final overlap) from 10%-corrupted patterns at the same kept fraction:",
        format_table(
            sparse["retrieval"][sparse["retrieval"]["noise"] == 0.1],
            ["weights", "epsilon", "kept_fraction", "overlap", "retrieved"],
        ),
    ]
    return ExperimentResult(
        table=runs.drop(columns=["probes", "temperature", "activity_sweeps"], errors="ignore"),
        summary="\n".join(lines),
        figures={
            "pruning_overlap": partial(figures_pruning.overlap_figure, summary),
            "pruning_capacity": partial(figures_pruning.capacity_figure, capacity),
            "sparsification": partial(
                figures_pruning.sparsification_figure, sparse["table"], sparse["retrieval"]
            ),
        },
        tables={
            "summary": summary,
            "capacity": capacity,
            "sparsification": sparse["table"],
            "sparsified_retrieval": sparse["retrieval"],
        },
    )


LOADS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.4, 1.7, 2.0]

PRUNING = Experiment(
    name="pruning",
    description="Hopfield capacity per remaining synapse under pruning; spectral sparsification",
    params={
        "n": Param(400, "neurons", low=10),
        "rules": Param(["magnitude", "random", "activity"], "pruning rules", choices=RULES),
        "keeps": Param([0.5, 0.2, 0.1], "fractions of synapses kept", low=0.0, high=1.0),
        "loads": Param(LOADS, "patterns per remaining synapse, p / (keep n)", low=0.0),
        "probes": Param(5, "stored patterns started from per network", low=1),
        "temperature": Param(0.3, "Glauber temperature of the activity rule's run", low=0.0),
        "activity_sweeps": Param(5, "recorded sweeps per pattern for the activity rule", low=1),
        "sparsify_n": Param(300, "neurons of the sparsified net", low=10),
        "sparsify_alpha": Param(0.05, "load p/n of the sparsified net", low=0.0),
        "epsilons": Param([0.3, 0.5, 0.7, 0.9], "sparsifier accuracies", low=0.0, high=1.0),
        "sample_constants": Param([0.5], "q = C n ln n / eps^2 beside the Chernoff q", low=0.0),
        **sweep_params(5, "independent networks per grid point", backend="processes"),
    },
    run=pruning_experiment,
    headlines=pruning_headlines,
    quick={
        "n": 120,
        "keeps": [0.5, 0.2],
        "loads": [0.1, 0.2, 0.3, 0.45, 0.6],
        "probes": 3,
        "sparsify_n": 60,
        "epsilons": [0.5, 0.9],
        "seeds": 2,
        "backend": "serial",
    },
)
