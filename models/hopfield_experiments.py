"""Hopfield nets measured against theory: every claim of the lecture, one experiment each.

Each experiment is a per-run function ``fn(params, rng) -> dict | DataFrame`` (one
network, for :func:`neuroagents.sweep`) and an :class:`~neuroagents.experiment.Experiment`
that sweeps it over a grid and seeds, tabulates it next to theory and draws it.

Pieces:
    one_step_trial, one_step_table: unhappy bits at stored patterns against
        ``1/2 erfc(1 / sqrt(2 alpha))`` (experiment ``one_step``).
    capacity_trial, capacity_table: final overlap after convergence from stored (or
        corrupted) patterns against alpha, for any learning rule, with the
        Amit-Gutfreund-Sompolinsky overlap (experiments ``capacity`` and ``rules``).
    completion_trial: retrieval probability against the fraction of corrupted bits,
        and the first update against ``erf(m0 / sqrt(2 alpha))`` (``completion``).
    spurious_trial, classify_state: -M, 3-mixtures, and a census of where random
        starts end (``spurious``).
    repetition_trial, repetition_table: a memory stored K times is retrieved L times
        as often as the others (``repetition``).
    dynamics_trial, energy_trace: synchronous 2-cycles and energy, asynchronous energy
        (``dynamics``).
    crosstalk_below, one_step_error_exact, first_step_overlap, mixture_error: the
        signal-to-noise theory, exact at finite n or in the large-n limit.
    EXPERIMENTS: what ``neuroagents run runs/hopfield_<name>.toml`` runs.

Weights: the experiments store patterns with ``hebbian_weights(P, normalize=False)``,
the lecture's literal ``w_ab = sum_k M_k^a M_k^b``. The sign rule does not see the
factor 1/n, and whole-number weights make every input an exact integer, so a tie
(input exactly 0, which keeps the state) is a tie and energies compare exactly.

Finite-n theory: at a state built from some patterns, the crosstalk of each other
pattern nu on neuron i is ``sum_{j != i} v_i M_nu^i M_nu^j v_j`` and these (n-1)
terms per pattern are independent fair ±1: their sum S over K = (n-1) x (number of
other patterns) terms is exactly ``2 Binomial(K, 1/2) - K``. A bit is unhappy when S
is below minus its signal, so the expected fraction of unhappy bits is a binomial
tail (:func:`crosstalk_below`), of which ``1/2 erfc(1 / sqrt(2 alpha))`` is the
large-n limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from neuroagents.models.hopfield import (
    LEARNING_RULES,
    HopfieldModel,
    ags_capacity,
    ags_overlap,
    corrupt,
    hebbian_weights,
    mixture,
    one_step_error,
    overlap,
    random_patterns,
)
from scipy import special, stats

from neuroagents.analysis.summary import summarize
from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.plots import new_figure
from neuroagents.sweep import sweep
from neuroagents.validation import check_choice, check_int, check_real

__all__ = [
    "EXPERIMENTS",
    "RETRIEVED",
    "capacity_table",
    "capacity_trial",
    "classify_state",
    "completion_trial",
    "crosstalk_below",
    "dynamics_trial",
    "energy_trace",
    "first_step_overlap",
    "mixture_error",
    "one_step_error_exact",
    "one_step_table",
    "one_step_trial",
    "repetition_table",
    "repetition_trial",
    "spurious_trial",
]

RETRIEVED = 0.9
"""A final overlap at least this large counts as retrieving the pattern."""

CENSUS = ("stored", "reversed", "3-mixture", "other")


# ---------------------------------------------------------------------- theory
def crosstalk_below(threshold: float | np.ndarray, terms: int | np.ndarray) -> np.ndarray:
    """``P(S < threshold)`` for S a sum of ``terms`` independent fair ±1 (crosstalk).

    ``S = 2 B - K`` with ``B ~ Binomial(K, 1/2)``, so ``S < t`` iff
    ``B <= ceil((t + K) / 2) - 1``.

    Examples:
        >>> float(crosstalk_below(0, 2))  # S in {-2, 0, 0, 2}: P(S < 0) = 1/4
        0.25
        >>> float(crosstalk_below(-3, 1))
        0.0
    """
    t = np.asarray(threshold, dtype=np.float64)
    k = np.asarray(terms, dtype=np.float64)
    return stats.binom.cdf(np.ceil((t + k) / 2) - 1, k, 0.5)


def one_step_error_exact(n: int, patterns: int) -> float:
    """Exact probability that a bit of a stored pattern is unhappy, for finite n and p.

    The signal is ``n - 1`` and the crosstalk is S over ``(p - 1)(n - 1)`` terms; a
    bit is unhappy iff ``n - 1 + S < 0`` (a tie keeps the state). As n grows at
    fixed ``alpha = p/n`` this tends to :func:`~neuroagents.models.hopfield.one_step_error`.

    Examples:
        >>> round(one_step_error_exact(1000, 138), 5), round(one_step_error_exact(10**6, 138000), 5)
        (0.00344, 0.00355)
    """
    check_int("n", n, "one_step_error_exact", low=2)
    check_int("patterns", patterns, "one_step_error_exact", low=1)
    return float(crosstalk_below(-(n - 1), (patterns - 1) * (n - 1)))


def first_step_overlap(n: int, patterns: int, flips: int) -> tuple[float, float]:
    """Overlap after one synchronous update from a pattern with ``flips`` bits flipped.

    Returns ``(large-n theory erf(m0 / sqrt(2 alpha)), exact finite-n value)``. With
    ``m0 = 1 - 2 flips / n`` the signal on a correct bit is ``n m0 - 1`` and on a
    flipped bit ``n m0 + 1`` (its own term is missing from its input); the crosstalk
    is S over ``(p - 1)(n - 1)`` terms. A correct bit turns wrong iff
    ``n m0 - 1 + S < 0``; a flipped bit stays wrong iff ``n m0 + 1 + S <= 0``.

    Examples:
        >>> [round(m, 4) for m in first_step_overlap(n=1000, patterns=80, flips=150)]
        [0.9867, 0.9873]
    """
    m0 = 1 - 2 * flips / n
    k = (patterns - 1) * (n - 1)
    signal = n - 2 * flips
    wrong = (n - flips) * crosstalk_below(-(signal - 1), k) + flips * crosstalk_below(
        -(signal + 1) + 1, k
    )
    exact = 1 - 2 * float(wrong) / n
    return float(special.erf(m0 / math.sqrt(2 * patterns / n))), exact


def mixture_error(alpha: float) -> float:
    """Large-n fraction of unhappy bits at a 3-mixture: ``1/4 Q(3 / 2s) + 3/4 Q(1 / 2s)``.

    Here ``s = sqrt(alpha)`` and Q is the Gaussian upper tail. Where the three
    patterns agree (1/4 of the bits) the signal is 3/2, elsewhere 1/2.

    Examples:
        >>> round(mixture_error(0.1), 4)
        0.0427
    """
    s = math.sqrt(alpha)
    return float(0.25 * stats.norm.sf(1.5 / s) + 0.75 * stats.norm.sf(0.5 / s))


# ---------------------------------------------------------------------- helpers
def _count(n: int, alpha: float, where: str) -> int:
    check_int("n", n, where, low=2)
    check_real("alpha", alpha, where, low=0, low_open=True)
    return max(1, round(alpha * n))


def _network(
    patterns: np.ndarray, rng: np.random.Generator, rule: str = "hebb", **kwargs: Any
) -> HopfieldModel:
    """A Hopfield net storing ``patterns`` by ``rule``, not recording."""
    check_choice("rule", rule, "Hopfield experiments", tuple(LEARNING_RULES))
    if rule == "hebb":
        weights = hebbian_weights(patterns, normalize=False, dtype=np.float32)
    else:
        weights = LEARNING_RULES[rule](patterns)
    kwargs.setdefault("record_every", None)
    return HopfieldModel(Connectome.from_matrix(weights), patterns=patterns, rng=rng, **kwargs)


def _one_synchronous_update(model: HopfieldModel) -> np.ndarray:
    # Every unhappy neuron flips at once: one synchronous step, computed from the inputs.
    return np.where(model.happy(), model.state, -model.state)


def _sweep(
    fn: Callable[..., Any],
    grid: dict[str, list[Any]],
    fixed: dict[str, Any],
    params: dict[str, Any],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Run ``fn`` over grid x seeds, with the runs' seeds derived from ``rng``."""
    runs = sweep(
        fn,
        grid=grid,
        seeds=params["seeds"],
        params=fixed,
        backend=params["backend"],
        workers=params["workers"],
        root_seed=int(rng.integers(2**31)),
        progress=params["backend"] != "serial",
        on_failure="raise",
    )
    return runs.drop(columns=["status", "error", "traceback"]).reset_index(drop=True)


def _sem(fractions: pd.Series, bits: int) -> float:
    """Standard error of a mean fraction over networks, floored at the binomial one.

    The bits of one net share its crosstalk, so the spread across networks is the
    honest error; where errors are so rare that most nets show none it says nothing,
    and the binomial error of the pooled count (estimated as (k + 1) / (bits + 2))
    takes over.
    """
    k = len(fractions)
    spread = float(fractions.std(ddof=1) / math.sqrt(k)) if k > 1 else 0.0
    p = (float(fractions.mean()) * bits + 1) / (bits + 2)
    return max(spread, math.sqrt(p * (1 - p) / bits))


def _jackknife_sem(groups: pd.DataFrame, ratio: Callable[[pd.DataFrame], float]) -> float:
    """Jackknife standard error of a ratio of sums over independent networks (rows)."""
    k = len(groups)
    if k < 2:
        return float("nan")
    leave_one_out = np.array([ratio(groups.drop(index=i)) for i in groups.index])
    finite = leave_one_out[np.isfinite(leave_one_out)]
    if finite.size < k:
        return float("inf")
    return float(np.sqrt((k - 1) / k * np.sum((finite - finite.mean()) ** 2)))


COMMON = {
    "seeds": Param(10, "independent networks per grid point", low=1),
    "backend": Param("processes", "sweep backend", choices=("serial", "processes", "dask")),
    "workers": Param(2, "worker processes", low=1),
}


# ---------------------------------------------------------------------- 1. one step
def one_step_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Count the unhappy bits at stored patterns of one Hebbian net.

    Params: ``n``, ``alpha`` (stores ``round(alpha n)`` random patterns), ``probes``
    (how many of them to test, default all: patterns are exchangeable).

    Returns:
        ``patterns``, ``probed``, ``bits`` (tested), ``unhappy``, ``p_error``.

    Examples:
        >>> out = one_step_trial({"n": 200, "alpha": 0.3}, np.random.default_rng(0))
        >>> out["bits"], 0.01 < out["p_error"] < 0.07
        (12000, True)
    """
    n = params["n"]
    count = _count(n, params["alpha"], "one_step_trial")
    probed = min(count, check_int("probes", params.get("probes", count), "one_step_trial", low=1))
    patterns = random_patterns(n, count, rng)
    model = _network(patterns, rng)
    unhappy = 0
    for k in range(probed):
        model.set_state(patterns[k])
        unhappy += model.count_unhappy()
    bits = probed * n
    return {
        "patterns": count,
        "probed": probed,
        "bits": bits,
        "unhappy": unhappy,
        "p_error": unhappy / bits,
    }


def one_step_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Pool :func:`one_step_trial` runs by (n, alpha) and set them beside theory.

    ``sem`` is the standard error across independent networks: the bits of one net
    share its crosstalk, so they are not independent coin flips and the binomial
    ``sqrt(p (1 - p) / bits)`` (column ``sem_binomial``, with p estimated as
    ``(unhappy + 1) / (bits + 2)``) understates the error. Where errors are so rare
    that most nets show none, the spread across nets says nothing, and ``sem`` is the
    larger of the two. ``z_theory`` and ``z_exact`` are the deviations in sems.
    """
    rows = []
    for (n, alpha), g in runs.groupby(["n", "alpha"], sort=True):
        unhappy, bits = int(g["unhappy"].sum()), int(g["bits"].sum())
        p_hat = unhappy / bits
        count = int(g["patterns"].iloc[0])
        networks = len(g)
        sem_net = float(g["p_error"].std(ddof=1) / math.sqrt(networks)) if networks > 1 else 0.0
        p_tilde = (unhappy + 1) / (bits + 2)
        sem_binomial = math.sqrt(p_tilde * (1 - p_tilde) / bits)
        sem = max(sem_net, sem_binomial)
        theory = one_step_error(count / n)
        exact = one_step_error_exact(int(n), count)
        rows.append(
            {
                "alpha": alpha,
                "n": n,
                "p_error": p_hat,
                "p_error_theory": theory,
                "sem": sem,
                "p_error_exact": exact,
                "sem_networks": sem_net,
                "sem_binomial": sem_binomial,
                "z_theory": (p_hat - theory) / sem,
                "z_exact": (p_hat - exact) / sem,
                "patterns": count,
                "networks": networks,
                "bits": bits,
                "unhappy": unhappy,
            }
        )
    return pd.DataFrame(rows)


def one_step_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Fraction of unhappy bits at stored patterns against alpha, beside theory."""
    runs = _sweep(
        one_step_trial,
        {"n": list(params["n"]), "alpha": list(params["alphas"])},
        {"probes": params["probes"]},
        params,
        rng,
    )
    table = one_step_table(runs)
    at = table.iloc[(table["alpha"] - 0.138).abs().argmin()]
    lines = [
        "One-step error: fraction of unhappy bits at a stored pattern, Hebbian storage.",
        f"{len(runs)} networks; theory 1/2 erfc(1/sqrt(2 alpha)); exact = finite-n binomial.",
        _format(table, ["n", "alpha", "p_error", "p_error_theory", "p_error_exact", "sem"]),
        f"At alpha = {at['alpha']:g} (n = {int(at['n'])}): measured {at['p_error']:.5f} "
        f"+- {at['sem']:.5f}, theory {at['p_error_theory']:.5f} (lecture: < 0.4%).",
        f"Largest |z| against erfc theory {table['z_theory'].abs().max():.2f}, against "
        f"the exact finite-n value {table['z_exact'].abs().max():.2f}.",
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"one_step": _one_step_figure(table)},
        tables={"networks": runs},
    )


def _one_step_figure(table: pd.DataFrame) -> Any:
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    ax = axes[0, 0]
    grid = np.linspace(0.015, table["alpha"].max() * 1.02, 300)
    ax.plot(grid, one_step_error(grid), color="k", lw=1.2, label="½ erfc(1/√(2α))")
    for k, (n, g) in enumerate(table.groupby("n")):
        shown = g[g["p_error"] > 0]
        ax.errorbar(
            shown["alpha"],
            shown["p_error"],
            yerr=shown["sem"],
            fmt="o",
            ms=4,
            color=f"C{k}",
            label=f"measured, n = {n}",
        )
        ax.plot(g["alpha"], g["p_error_exact"], "x", color=f"C{k}", ms=6)
    ax.plot([], [], "x", color="gray", label="exact binomial, same n")
    ax.axvline(0.138, color="gray", ls=":", lw=1)
    ax.annotate(
        "α = 0.138: 0.36%",
        (0.138, one_step_error(0.138)),
        xytext=(0.2, 3e-4),
        arrowprops={"arrowstyle": "->", "color": "gray"},
        fontsize=9,
    )
    ax.set_yscale("log")
    ax.set_ylim(1e-7, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of unhappy bits at a stored pattern")
    ax.set_title("one-step error against signal-to-noise theory", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    for k, (n, g) in enumerate(table.groupby("n")):
        ax.plot(g["alpha"], g["z_theory"], "o-", color=f"C{k}", ms=4, label=f"vs erfc, n = {n}")
        ax.plot(g["alpha"], g["z_exact"], "x--", color=f"C{k}", ms=5, label=f"vs exact, n = {n}")
    ax.axhspan(-3, 3, color="0.9", zorder=0)
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("(measured − theory) / sem")
    ax.set_title("deviations in standard errors (band: ±3)", fontsize=10)
    ax.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------------- 2. capacity
def capacity_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Let one net settle (asynchronously) from its stored patterns and measure overlaps.

    Params: ``n``, ``alpha``, ``rule`` (``"hebb"``, ``"pseudo-inverse"``,
    ``"storkey"``; default Hebb), ``noises`` (fractions of bits flipped in the start
    state; default ``[0.0]``, the stored pattern itself), ``probes`` (patterns
    started from, default 5), ``max_sweeps`` (default 200).

    Returns:
        One row per noise: ``noise``, ``patterns``, ``overlap`` (mean final overlap
        with the pattern started from), ``overlap_min``, ``retrieved`` (fraction with
        final overlap >= 0.9), ``stable`` (fraction of the stored patterns probed that
        are exact fixed points), ``sweeps`` (mean), ``converged`` (all reached a fixed
        point).

    Examples:
        >>> out = capacity_trial({"n": 200, "alpha": 0.05}, np.random.default_rng(0))
        >>> out[["noise", "overlap", "retrieved", "converged"]].values.tolist()
        [[0.0, 1.0, 1.0, True]]
    """
    n = params["n"]
    count = _count(n, params["alpha"], "capacity_trial")
    probes = min(count, check_int("probes", params.get("probes", 5), "capacity_trial", low=1))
    max_sweeps = params.get("max_sweeps", 200)
    patterns = random_patterns(n, count, rng)
    model = _network(patterns, rng, params.get("rule", "hebb"))
    stable = 0
    for k in range(probes):
        model.set_state(patterns[k])
        stable += model.is_stable()
    rows = []
    for noise in params.get("noises", [0.0]):
        flips = round(check_real("noise", noise, "capacity_trial", low=0, high=1) * n)
        finals, sweeps, converged = [], [], True
        for k in range(probes):
            model.set_state(corrupt(patterns[k], flips, rng) if flips else patterns[k])
            report = model.run_until_stable(max_sweeps=max_sweeps)
            finals.append(overlap(patterns[k], model.state)[0])
            sweeps.append(report.steps)
            converged &= report.converged
        finals = np.array(finals)
        rows.append(
            {
                "noise": float(noise),
                "patterns": count,
                "overlap": float(finals.mean()),
                "overlap_min": float(finals.min()),
                "retrieved": float(np.mean(finals >= RETRIEVED)),
                "stable": stable / probes,
                "sweeps": float(np.mean(sweeps)),
                "converged": bool(converged),
            }
        )
    return pd.DataFrame(rows)


def capacity_table(runs: pd.DataFrame, by: Sequence[str] = ("n", "alpha")) -> pd.DataFrame:
    """Mean and sem (across networks) of overlap and retrieval, with the AGS overlap."""
    table = summarize(runs, list(by), ["overlap", "retrieved", "stable"], quantiles=())
    table = table.rename(columns={"overlap_count": "networks"}).drop(
        columns=["retrieved_count", "stable_count"]
    )
    table["overlap_theory"] = ags_overlap(table["alpha"].to_numpy())
    return table


def _crossing(alpha: np.ndarray, value: np.ndarray, level: float) -> float:
    """First alpha at which ``value`` falls below ``level`` (linear interpolation)."""
    below = np.flatnonzero(value < level)
    if below.size == 0:
        return float("nan")
    k = int(below[0])
    if k == 0:
        return float(alpha[0])
    a0, a1, v0, v1 = alpha[k - 1], alpha[k], value[k - 1], value[k]
    return float(a0 + (v0 - level) * (a1 - a0) / (v0 - v1))


def capacity_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Final overlap after asynchronous convergence from a stored pattern, against alpha."""
    runs = _sweep(
        capacity_trial,
        {"n": list(params["n"]), "alpha": list(params["alphas"])},
        {"probes": params["probes"], "max_sweeps": params["max_sweeps"]},
        params,
        rng,
    )
    table = capacity_table(runs)
    alpha_c, m_c = ags_capacity()
    lines = [
        "Capacity: final overlap after asynchronous convergence from a stored pattern.",
        f"AGS theory: alpha_c = {alpha_c:.4f}, overlap {m_c:.4f} just below it.",
        _format(
            table, ["n", "alpha", "overlap_mean", "overlap_sem", "overlap_theory", "retrieved_mean"]
        ),
    ]
    for n, g in table.groupby("n"):
        half = _crossing(g["alpha"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(f"n = {n}: half of the patterns retrieved up to alpha = {half:.3f}.")
    runs = runs.drop(columns=["probes", "max_sweeps"])
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"capacity": _capacity_figure(table)},
        tables={"summary": table},
    )


def _capacity_figure(table: pd.DataFrame) -> Any:
    alpha_c, m_c = ags_capacity()
    fig, axes = new_figure(1, 3, size=(14.0, 4.2))
    grid = np.linspace(0.001, alpha_c, 300)
    full, zoom, retrieved = axes[0]
    for k, (n, g) in enumerate(table.groupby("n")):
        for ax, value in ((full, "overlap"), (zoom, "overlap"), (retrieved, "retrieved")):
            ax.errorbar(
                g["alpha"],
                g[f"{value}_mean"],
                yerr=g[f"{value}_sem"],
                fmt="o-",
                ms=4,
                color=f"C{k}",
                label=f"n = {n}",
                capsize=2,
            )
    for ax in (full, zoom):
        ax.plot(grid, ags_overlap(grid), "k-", lw=1.5, label="AGS theory", zorder=5)
        ax.plot([alpha_c], [m_c], "k*", ms=10, zorder=6)
        ax.set_ylabel("final overlap with the pattern")
    for ax in axes[0]:
        ax.axvline(alpha_c, color="gray", ls=":", lw=1)
        ax.set_xlabel("load α = p/n")
    full.set_ylim(0.0, 1.03)
    full.set_title("overlap after convergence from a stored pattern", fontsize=10)
    full.legend(fontsize=8, loc="lower left")
    zoom.set_xlim(0.07, 0.16)
    zoom.set_ylim(0.9, 1.004)
    zoom.set_title(f"zoom: AGS overlap, ★ = (α_c, m_c) = ({alpha_c:.3f}, {m_c:.3f})", fontsize=10)
    retrieved.set_ylabel(f"fraction retrieved (final overlap ≥ {RETRIEVED})")
    retrieved.set_title("the transition sharpens as n grows", fontsize=10)
    retrieved.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------------- 3. completion
def completion_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Pattern completion in one net: start from corrupted patterns, let it settle.

    Params: ``n``, ``alpha``, ``noises`` (fractions of bits flipped), ``probes``
    (patterns per noise level, default 5), ``max_sweeps`` (default 200).

    Returns:
        One row per noise: ``noise``, ``overlap_start`` (``m0 = 1 - 2 noise``),
        ``first_step`` (mean overlap after one synchronous update),
        ``first_step_theory`` (``erf(m0 / sqrt(2 alpha))``), ``first_step_exact``
        (finite n), ``overlap`` (final, asynchronous), ``retrieved``.

    Examples:
        >>> out = completion_trial(
        ...     {"n": 300, "alpha": 0.05, "noises": [0.1, 0.45]}, np.random.default_rng(0)
        ... )
        >>> out["retrieved"].tolist()
        [1.0, 0.0]
    """
    n = params["n"]
    count = _count(n, params["alpha"], "completion_trial")
    probes = min(count, check_int("probes", params.get("probes", 5), "completion_trial", low=1))
    patterns = random_patterns(n, count, rng)
    model = _network(patterns, rng)
    rows = []
    for noise in params["noises"]:
        flips = round(check_real("noise", noise, "completion_trial", low=0, high=1) * n)
        first, finals = [], []
        for k in range(probes):
            model.set_state(corrupt(patterns[k], flips, rng))
            first.append(overlap(patterns[k], _one_synchronous_update(model))[0])
            model.run_until_stable(max_sweeps=params.get("max_sweeps", 200))
            finals.append(overlap(patterns[k], model.state)[0])
        theory, exact = first_step_overlap(n, count, flips)
        finals = np.array(finals)
        rows.append(
            {
                "noise": float(noise),
                "overlap_start": 1 - 2 * flips / n,
                "first_step": float(np.mean(first)),
                "first_step_theory": theory,
                "first_step_exact": exact,
                "overlap": float(finals.mean()),
                "retrieved": float(np.mean(finals >= RETRIEVED)),
            }
        )
    return pd.DataFrame(rows)


def completion_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Retrieval probability against the fraction of corrupted bits, for several alpha."""
    runs = _sweep(
        completion_trial,
        {"alpha": list(params["alphas"])},
        {"n": params["n"], "noises": list(params["noises"]), "probes": params["probes"]},
        params,
        rng,
    )
    runs = runs.drop(columns=["noises", "probes"])
    table = summarize(
        runs, ["alpha", "noise"], ["retrieved", "overlap", "first_step"], quantiles=()
    )
    theory = runs.groupby(["alpha", "noise"])[["first_step_theory", "first_step_exact"]].first()
    table = table.merge(theory.reset_index(), on=["alpha", "noise"])
    # In bits wrong after the update, q = (1 - m1) / 2; floor the sem at binomial.
    bits = params["n"] * params["probes"] * table["first_step_count"]
    q = ((1 - table["first_step_mean"]) / 2 * bits + 1) / (bits + 2)
    table["first_step_sem"] = np.maximum(table["first_step_sem"], 2 * np.sqrt(q * (1 - q) / bits))
    table["z_first_step_exact"] = (table["first_step_mean"] - table["first_step_exact"]) / table[
        "first_step_sem"
    ]
    table["z_first_step"] = (table["first_step_mean"] - table["first_step_theory"]) / table[
        "first_step_sem"
    ]
    lines = [
        f"Pattern completion at n = {params['n']}: retrieval (final overlap >= {RETRIEVED}) "
        "from patterns with a fraction of bits flipped."
    ]
    for alpha, g in table.groupby("alpha"):
        edge = _crossing(g["noise"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(f"alpha = {alpha:g}: half the cues retrieved up to {edge:.3f} bits flipped.")
    z, z_exact = table["z_first_step"].abs(), table["z_first_step_exact"].abs()
    lines.append(
        f"First synchronous update, {len(table)} (alpha, noise) points: largest |z| against "
        f"erf(m0/sqrt(2 alpha)) {z.max():.2f} ({int((z > 3).sum())} above 3), against the "
        f"exact finite-n value {z_exact.max():.2f} ({int((z_exact > 3).sum())} above 3)."
    )
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"completion": _completion_figure(table)},
        tables={"summary": table},
    )


def _completion_figure(table: pd.DataFrame) -> Any:
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    for k, (alpha, g) in enumerate(table.groupby("alpha")):
        axes[0, 0].errorbar(
            g["noise"],
            g["retrieved_mean"],
            yerr=g["retrieved_sem"],
            fmt="o-",
            ms=4,
            color=f"C{k}",
            label=f"α = {alpha:g}",
            capsize=2,
        )
        m0 = 1 - 2 * g["noise"]
        axes[0, 1].errorbar(
            m0,
            g["first_step_mean"],
            yerr=g["first_step_sem"],
            fmt="o",
            ms=4,
            color=f"C{k}",
            label=f"α = {alpha:g}",
        )
        grid = np.linspace(0, 1, 200)
        axes[0, 1].plot(grid, special.erf(grid / np.sqrt(2 * alpha)), color=f"C{k}", lw=1)
    ax = axes[0, 0]
    ax.set_xlabel("fraction of bits flipped in the cue")
    ax.set_ylabel("P(retrieved)")
    ax.set_title("basins of attraction shrink as the load grows", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    ax.plot([0, 1], [0, 1], color="0.7", lw=0.8, ls="--")
    ax.set_xlabel("overlap of the cue m0")
    ax.set_ylabel("overlap after one synchronous update")
    ax.set_title("first update: lines erf(m0/√(2α))", fontsize=10)
    ax.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------------- 4. spurious
def classify_state(patterns: np.ndarray, state: np.ndarray) -> str:
    """Where a state is: ``"stored"``, ``"reversed"``, ``"3-mixture"`` or ``"other"``.

    Stored (reversed): overlap >= 0.9 (<= -0.9) with some pattern. 3-mixture: overlap
    >= 0.9 with ``sgn(s1 M1 + s2 M2 + s3 M3)`` built from the three patterns it
    overlaps most, with the signs of those overlaps.

    Examples:
        >>> P = random_patterns(n=300, count=5, rng=0)
        >>> classify_state(P, P[2]), classify_state(P, -P[4])
        ('stored', 'reversed')
        >>> classify_state(P, mixture(P[[0, 1, 3]], signs=[1, -1, 1]))
        '3-mixture'
    """
    m = overlap(patterns, state)
    if m.max() >= RETRIEVED:
        return "stored"
    if m.min() <= -RETRIEVED:
        return "reversed"
    if len(m) >= 3:
        top = np.argsort(-np.abs(m))[:3]
        mix = mixture(patterns[top], signs=np.where(m[top] >= 0, 1, -1))
        if overlap(mix, state)[0] >= RETRIEVED:
            return "3-mixture"
    return "other"


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
    count = _count(n, params["alpha"], "spurious_trial")
    if count < 3:
        raise ValidationError(
            f"spurious_trial needs at least 3 patterns for mixtures; alpha * n = {count}."
        )
    probes = min(count, check_int("probes", params.get("probes", 5), "spurious_trial", low=1))
    max_sweeps = params.get("max_sweeps", 200)
    flips = round(params.get("noise", 0.1) * n)
    patterns = random_patterns(n, count, rng)
    model = _network(patterns, rng)
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


def spurious_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """-M is stored too; 3-mixtures are stable at small alpha; where random starts end."""
    runs = _sweep(
        spurious_trial,
        {"alpha": list(params["alphas"])},
        {
            "n": params["n"],
            "probes": params["probes"],
            "starts": params["starts"],
            "noise": params["noise"],
        },
        params,
        rng,
    )
    n = params["n"]
    rows = []
    for alpha, g in runs.groupby("alpha"):
        bits = params["probes"] * n * len(g)
        starts = g["starts"].sum()
        row = {
            "alpha": alpha,
            "networks": len(g),
            "reversal_symmetric": bool((g["unhappy_pattern"] == g["unhappy_reversed"]).all()),
            "reversed_overlap": g["reversed_overlap"].mean(),
            "reversed_overlap_sem": g["reversed_overlap"].std(ddof=1) / math.sqrt(len(g)),
            "mixture_unhappy": g["mixture_unhappy"].mean(),
            "mixture_unhappy_sem": _sem(g["mixture_unhappy"], bits),
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
        f"{params['noise']:.0%} of bits flipped:",
        _format(table, ["alpha", "reversed_overlap"]),
        "3-mixtures: unhappy fraction at the mixture (theory: large n / exact finite n), "
        "and the overlap with the mixture after settling:",
        _format(
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
        _format(table, ["alpha", *CENSUS, "starts"]),
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"spurious": _spurious_figure(table)},
        tables={"networks": runs},
    )


def _spurious_figure(table: pd.DataFrame) -> Any:
    fig, axes = new_figure(2, 2, size=(10.0, 8.0))
    alpha_c, _ = ags_capacity()
    ax = axes[0, 0]
    ax.errorbar(
        table["alpha"],
        table["reversed_overlap"],
        yerr=table["reversed_overlap_sem"],
        fmt="o-",
        ms=4,
        capsize=2,
        label="from −M with 10% of bits flipped",
    )
    ax.axhline(-1, color="k", lw=0.8)
    ax.axvline(alpha_c, color="gray", ls=":", lw=1)
    same = "yes" if table["reversal_symmetric"].all() else "NO"
    ax.text(
        0.03,
        0.55,
        f"unhappy bits at −M = at M,\nin every net: {same}",
        transform=ax.transAxes,
        fontsize=9,
    )
    ax.set_ylim(-1.05, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("final overlap with M")
    ax.set_title("−M is a memory too", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    grid = np.linspace(table["alpha"].min(), table["alpha"].max(), 200)
    ax.plot(
        grid, [mixture_error(a) for a in grid], "k-", lw=1, label="theory ¼Q(3/2√α) + ¾Q(1/2√α)"
    )
    ax.plot(
        table["alpha"],
        table["mixture_unhappy_exact"],
        "x",
        color="k",
        ms=6,
        label="exact finite-n theory",
    )
    shown = table[table["mixture_unhappy"] > 0]
    ax.errorbar(
        shown["alpha"],
        shown["mixture_unhappy"],
        yerr=shown["mixture_unhappy_sem"],
        fmt="o",
        ms=4,
        color="C3",
        label="measured",
    )
    ax.set_yscale("log")
    ax.set_ylim(1e-5, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of unhappy bits at sgn(±M1 ±M2 ±M3)")
    ax.set_title("3-mixtures: one-step error", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1, 0]
    ax.errorbar(
        table["alpha"],
        table["mixture_overlap"],
        yerr=table["mixture_overlap_sem"],
        fmt="s-",
        ms=4,
        color="C0",
        label="overlap with the mixture",
    )
    ax.plot(
        table["alpha"],
        table["mixture_components"],
        "o--",
        ms=4,
        color="C1",
        label="mean overlap with its 3 patterns",
    )
    ax.axhline(0.5, color="C1", lw=0.8, ls=":")
    ax.axvline(0.03, color="gray", ls=":", lw=1)
    ax.text(0.032, 0.05, "AGS: 3-mixtures\nstable to α ≈ 0.03", fontsize=8, color="0.3")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("after settling from the mixture")
    ax.set_title("3-mixtures are stable at small α", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    bottom = np.zeros(len(table))
    x = np.arange(len(table))
    for k, name in enumerate(CENSUS):
        ax.bar(x, table[name], bottom=bottom, color=f"C{k}", label=name)
        bottom += table[name].to_numpy()
    ax.set_xticks(x, [f"{a:g}" for a in table["alpha"]])
    ax.set_ylim(0, 1.22)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of random starts")
    ax.set_title("where random starts end", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", ncols=4)
    return fig


# ---------------------------------------------------------------------- 5. repetition
def repetition_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Store pattern 0 K times and the others once; count what random starts retrieve.

    Params: ``n``, ``patterns`` (distinct patterns), ``K`` (times pattern 0 is
    stored), ``starts`` (random initial states), ``max_sweeps``.

    Returns:
        ``repeated`` (starts that end at pattern 0 or its reverse, overlap >= 0.9 in
        absolute value), ``others`` (that end at another pattern or its reverse),
        ``neither``.

    Examples:
        >>> out = repetition_trial({"n": 200, "patterns": 10, "K": 4, "starts": 20},
        ...                        np.random.default_rng(0))
        >>> out["repeated"] > out["others"]
        True
    """
    n = params["n"]
    count = check_int("patterns", params["patterns"], "repetition_trial", low=2)
    times = check_int("K", params["K"], "repetition_trial", low=1)
    patterns = random_patterns(n, count, rng)
    # The lecture: "store M K times": pattern 0 appears K times in the training set.
    stored = np.vstack([np.repeat(patterns[:1], times - 1, axis=0), patterns])
    weights = hebbian_weights(stored, normalize=False, dtype=np.float32)
    model = HopfieldModel(
        Connectome.from_matrix(weights), patterns=patterns, rng=rng, record_every=None
    )
    hits = np.zeros(count, dtype=np.int64)
    starts = params.get("starts", 100)
    for _ in range(starts):
        model.set_state(np.where(rng.random(n) < 0.5, 1, -1))
        model.run_until_stable(max_sweeps=params.get("max_sweeps", 200))
        m = np.abs(model.overlaps())
        if m.max() >= RETRIEVED:
            hits[int(np.argmax(m))] += 1
    return {
        "repeated": int(hits[0]),
        "others": int(hits[1:].sum()),
        "neither": int(starts - hits.sum()),
    }


def repetition_table(runs: pd.DataFrame, patterns: int) -> pd.DataFrame:
    """L (retrievals of the repeated memory over those of an average other one) by K.

    ``L = repeated / (others / (patterns - 1))``, pooled over networks, with a
    jackknife standard error over networks.
    """

    def ratio(g: pd.DataFrame) -> float:
        others = g["others"].sum() / (patterns - 1)
        return g["repeated"].sum() / others if others > 0 else float("inf")

    rows = []
    for times, g in runs.groupby("K"):
        g = g.reset_index(drop=True)
        value, sem = ratio(g), _jackknife_sem(g, ratio)
        rows.append(
            {
                "K": times,
                "L": value,
                "L_sem": sem,
                "L_over_K": value / times,
                "L_over_K_sem": sem / times,
                "repeated": int(g["repeated"].sum()),
                "others": int(g["others"].sum()),
                "neither": int(g["neither"].sum()),
                "starts": int(g["starts"].sum()),
                "networks": len(g),
            }
        )
    return pd.DataFrame(rows)


def repetition_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """A memory stored K times is retrieved L >> K times as often as the others."""
    runs = _sweep(
        repetition_trial,
        {"K": list(params["K"])},
        {"n": params["n"], "patterns": params["patterns"], "starts": params["starts"]},
        params,
        rng,
    )
    table = repetition_table(runs, params["patterns"])
    lines = [
        f"Repetition at n = {params['n']}, {params['patterns']} distinct patterns, "
        f"{params['starts']} random starts per net: L = retrievals of the memory stored K "
        "times / retrievals of an average other memory.",
        _format(table, ["K", "L", "L_sem", "L_over_K", "repeated", "others", "neither"]),
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"repetition": _repetition_figure(table)},
        tables={"networks": runs},
    )


def _repetition_figure(table: pd.DataFrame) -> Any:
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    finite = table[np.isfinite(table["L"])]
    ax = axes[0, 0]
    ax.errorbar(
        finite["K"],
        finite["L_over_K"],
        yerr=finite["L_over_K_sem"],
        fmt="o-",
        capsize=3,
        label="measured L / K",
    )
    ax.axhline(1, color="k", ls="--", lw=1, label="L = K")
    ax.set_yscale("log")
    ax.set_xticks(table["K"])
    ax.set_xlabel("K: times the memory is stored")
    ax.set_ylabel("L / K")
    ax.set_title("stored K times, retrieved L ≫ K times as often", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    share = table[["repeated", "others", "neither"]].div(table["starts"], axis=0)
    names = {
        "repeated": "the repeated memory (or its reverse)",
        "others": "any other memory (or its reverse)",
        "neither": "no memory (mixture or other)",
    }
    bottom = np.zeros(len(table))
    for k, (name, label) in enumerate(names.items()):
        ax.bar(table["K"], share[name], bottom=bottom, color=f"C{k}", label=label)
        bottom += share[name].to_numpy()
    ax.set_xticks(table["K"])
    ax.set_xlabel("K")
    ax.set_ylabel("fraction of random starts")
    ax.set_title("where random starts end", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return fig


# ---------------------------------------------------------------------- 6. dynamics
def energy_trace(model: HopfieldModel, start: np.ndarray, max_sweeps: int = 200) -> pd.DataFrame:
    """Run ``model`` from ``start`` one step at a time, recording two energies.

    The steps are :meth:`~neuroagents.model.NeuralModel.run_until_stable` calls of one
    sweep each, so the core's fixed-point and 2-cycle detection decides when to stop.

    Returns:
        One row per step (the start is step 0): ``step``, ``energy`` (``-1/2 v.W.v``)
        and ``cross_energy`` (``-v(t).W.v(t-1)``, Goles' Lyapunov function of
        synchronous updates; NaN at step 0). ``df.attrs["cycle_length"]`` holds how
        the run ended: 1 fixed point, 2 two-cycle, 0 out of budget.

    Examples:
        >>> P = random_patterns(n=100, count=30, rng=0)
        >>> model = HopfieldModel(hebbian_weights(P), patterns=P, scheduler="sync", rng=0)
        >>> trace = energy_trace(model, -P[0])
        >>> trace.attrs["cycle_length"] in (1, 2)
        True
        >>> bool((trace["cross_energy"].diff().dropna() <= 0).all())  # Goles' theorem
        True
    """
    model.set_state(start)
    energies, cross = [model.energy()], [float("nan")]
    previous = model.input.copy()
    outcome = 1 if model.is_stable() else 0
    while not outcome and len(energies) <= max_sweeps:
        report = model.run_until_stable(max_sweeps=1)
        energies.append(model.energy())
        cross.append(float(-model.state @ previous))
        previous = model.input.copy()
        outcome = report.cycle_length
    trace = pd.DataFrame(
        {"step": np.arange(len(energies)), "energy": energies, "cross_energy": cross}
    )
    trace.attrs["cycle_length"] = outcome
    return trace


def dynamics_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Synchronous against asynchronous updates of one net, from the same start states.

    Params: ``n``, ``alpha``, ``starts`` (start states, default 10), ``noise``
    (fraction of bits of a stored pattern flipped in each start; 0.5 = random
    states, the default), ``max_sweeps`` (default 200).

    Returns:
        One row per start: ``sync_cycle`` (1 fixed point, 2 two-cycle, 0 neither),
        ``sync_steps``, ``sync_energy_rises`` (steps at which the energy went up),
        ``sync_cross_rises`` (steps at which ``-v(t) W v(t-1)`` went up: never, by
        Goles' theorem), ``async_converged``, ``async_steps``, ``async_energy_rises``
        (never, by Hopfield's).

    Examples:
        >>> out = dynamics_trial({"n": 200, "alpha": 0.3, "starts": 4},
        ...                      np.random.default_rng(0))
        >>> int(out["async_energy_rises"].sum()), int(out["sync_cross_rises"].sum())
        (0, 0)
        >>> set(out["sync_cycle"]) <= {1, 2}
        True
    """
    n = params["n"]
    count = _count(n, params["alpha"], "dynamics_trial")
    noise = check_real("noise", params.get("noise", 0.5), "dynamics_trial", low=0, high=1)
    max_sweeps = params.get("max_sweeps", 200)
    patterns = random_patterns(n, count, rng)
    sync = _network(patterns, rng, scheduler="sync")
    asyn = HopfieldModel(sync.connectome, patterns=patterns, rng=rng, record_every=None)
    rows = []
    for k in range(params.get("starts", 10)):
        if noise == 0.5:
            start = np.where(rng.random(n) < 0.5, 1, -1).astype(np.int8)
        else:
            start = corrupt(patterns[k % count], round(noise * n), rng)
        s, a = energy_trace(sync, start, max_sweeps), energy_trace(asyn, start, max_sweeps)
        # Integer weights: energies are exact, so any rise is a real one.
        rows.append(
            {
                "start": k,
                "sync_cycle": s.attrs["cycle_length"],
                "sync_steps": len(s) - 1,
                "sync_energy_rises": int((s["energy"].diff() > 0).sum()),
                "sync_cross_rises": int((s["cross_energy"].diff() > 0).sum()),
                "async_converged": a.attrs["cycle_length"] == 1,
                "async_steps": len(a) - 1,
                "async_energy_rises": int((a["energy"].diff() > 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def dynamics_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Synchronous 2-cycles against alpha; energy along synchronous and asynchronous runs."""
    runs = _sweep(
        dynamics_trial,
        {"alpha": list(params["alphas"]), "noise": list(params["noises"])},
        {"n": params["n"], "starts": params["starts"]},
        params,
        rng,
    )
    runs["two_cycle"] = runs["sync_cycle"] == 2
    runs["sync_energy_rose"] = runs["sync_energy_rises"] > 0
    per_net = runs.groupby(["alpha", "noise", "seed"])[["two_cycle", "sync_energy_rose"]].mean()
    table = summarize(
        per_net.reset_index(), ["alpha", "noise"], ["two_cycle", "sync_energy_rose"], quantiles=()
    )
    checks = runs.groupby(["alpha", "noise"]).agg(
        runs=("sync_cycle", "size"),
        sync_unfinished=("sync_cycle", lambda c: int((c == 0).sum())),
        sync_cross_rises=("sync_cross_rises", "sum"),
        async_energy_rises=("async_energy_rises", "sum"),
        async_unconverged=("async_converged", lambda c: int((~c).sum())),
    )
    table = table.merge(checks.reset_index(), on=["alpha", "noise"])
    example = _dynamics_example(params, rng)
    lines = [
        f"Synchronous against asynchronous dynamics at n = {params['n']} "
        f"({params['starts']} starts per net).",
        _format(
            table,
            ["alpha", "noise", "two_cycle_mean", "two_cycle_sem", "sync_energy_rose_mean", "runs"],
        ),
        f"Asynchronous energy rises over all runs: {int(table['async_energy_rises'].sum())} "
        "(Hopfield 1982: none).",
        f"Rises of -v(t).W.v(t-1) under synchronous updates: "
        f"{int(table['sync_cross_rises'].sum())} (Goles et al. 1985: none); runs ending "
        f"in neither a fixed point nor a 2-cycle: {int(table['sync_unfinished'].sum())}.",
    ]
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"dynamics": _dynamics_figure(table, example)},
        tables={"summary": table, "example": example},
    )


def _dynamics_example(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Energy traces from the random start (of 30) whose synchronous energy rises most."""
    n = params["n"]
    count = _count(n, params["example_alpha"], "dynamics")
    best, best_rise = None, -np.inf
    for _ in range(30):
        patterns = random_patterns(n, count, rng)
        sync = _network(patterns, rng, scheduler="sync")
        start = np.where(rng.random(n) < 0.5, 1, -1)
        trace = energy_trace(sync, start)
        rise = float(trace["energy"].diff().max())
        if trace.attrs["cycle_length"] == 2 and rise > best_rise:
            best, best_rise = (sync, patterns, start, trace), rise
    sync, patterns, start, trace = best
    asyn = HopfieldModel(sync.connectome, patterns=patterns, rng=rng, record_every=None)
    out = pd.concat(
        [trace.assign(scheduler="sync"), energy_trace(asyn, start).assign(scheduler="async-sweep")],
        ignore_index=True,
    )
    # Per neuron, in units of the normalised rule (weights / n).
    out[["energy", "cross_energy"]] /= n * n
    return out


def _dynamics_figure(table: pd.DataFrame, example: pd.DataFrame) -> Any:
    fig, axes = new_figure(1, 2, size=(10.0, 4.2))
    ax = axes[0, 0]
    for k, (noise, g) in enumerate(table.groupby("noise")):
        label = "random starts" if noise == 0.5 else f"cues with {noise:.0%} of bits flipped"
        ax.errorbar(
            g["alpha"],
            g["two_cycle_mean"],
            yerr=g["two_cycle_sem"],
            fmt="o-",
            ms=4,
            capsize=2,
            color=f"C{k}",
            label=label,
        )
    ax.axvline(ags_capacity()[0], color="gray", ls=":", lw=1)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of synchronous runs ending in a 2-cycle")
    ax.set_title("synchronous updates can end in 2-cycles", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    sync = example[example["scheduler"] == "sync"]
    asyn = example[example["scheduler"] == "async-sweep"]
    zoom = ax.inset_axes([0.35, 0.4, 0.6, 0.42])
    tail = sync[sync["step"] >= sync["step"].max() - 8]
    for target, s in ((ax, sync), (zoom, tail)):
        target.plot(s["step"], s["energy"], "s-", ms=3, color="C1", label="synchronous: energy")
        target.plot(
            s["step"],
            s["cross_energy"] / 2,
            "^--",
            ms=3,
            color="C2",
            label="synchronous: −½ v(t)·W·v(t−1)",
        )
    ax.plot(asyn["step"], asyn["energy"], "o-", ms=3, color="C0", label="asynchronous: energy")
    rises = tail[tail["energy"].diff() > 0]
    zoom.plot(
        rises["step"], rises["energy"], "o", ms=8, mfc="none", color="C3", label="energy rose"
    )
    zoom.tick_params(labelsize=7)
    zoom.set_title("last steps of the synchronous run (a 2-cycle)", fontsize=8)
    zoom.legend(fontsize=7, loc="upper right")
    ax.set_xlabel("sweep")
    ax.set_ylabel("energy per neuron  −½ v·W·v / n")
    ax.set_title("energy: monotone asynchronously, not synchronously", fontsize=10)
    ax.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 0.1))
    return fig


# ---------------------------------------------------------------------- 7. rules
def rules_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Capacity curves of Hebb's, the pseudo-inverse and Storkey's rules."""
    runs = _sweep(
        capacity_trial,
        {"rule": list(params["rules"]), "n": list(params["n"]), "alpha": list(params["alphas"])},
        {"noises": list(params["noises"]), "probes": params["probes"]},
        params,
        rng,
    )
    runs = runs.drop(columns=["noises", "probes"])
    table = capacity_table(runs, by=("rule", "n", "noise", "alpha"))
    lines = ["Capacity of three learning rules: final overlap after asynchronous convergence."]
    for (rule, n, noise), g in table.groupby(["rule", "n", "noise"]):
        half = _crossing(g["alpha"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(
            f"{rule:>15}, n = {n}, {noise:.0%} of bits flipped: half retrieved up to "
            f"alpha = {half:.3f}"
        )
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"rules": _rules_figure(table)},
        tables={"summary": table},
    )


def _rules_figure(table: pd.DataFrame) -> Any:
    noises = sorted(table["noise"].unique())
    fig, axes = new_figure(1, len(noises) + 1, size=(5.0 * (len(noises) + 1), 4.2))
    alpha_c, _ = ags_capacity()
    grid = np.linspace(0.001, alpha_c, 200)
    styles = {"hebb": ("C0", "o"), "storkey": ("C1", "s"), "pseudo-inverse": ("C2", "^")}
    for ax, noise in zip(axes[0], noises, strict=False):
        for (rule, n), g in table[table["noise"] == noise].groupby(["rule", "n"]):
            color, marker = styles.get(rule, ("C3", "d"))
            ax.errorbar(
                g["alpha"],
                g["overlap_mean"],
                yerr=g["overlap_sem"],
                fmt=marker + "-",
                ms=4,
                color=color,
                capsize=2,
                label=f"{rule}, n = {n}",
            )
        ax.plot(grid, ags_overlap(grid), "k-", lw=1, label="AGS theory (Hebb)")
        ax.axvline(alpha_c, color="gray", ls=":", lw=1)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("load α = p/n")
        ax.set_ylabel("final overlap with the pattern")
        start = "the stored pattern" if noise == 0 else f"{noise:.0%} of bits flipped"
        ax.set_title(f"starting from {start}", fontsize=10)
        ax.legend(fontsize=8, loc="lower left")
    ax = axes[0, -1]
    first = table[table["noise"] == noises[0]]
    for (rule, n), g in first.groupby(["rule", "n"]):
        color, marker = styles.get(rule, ("C3", "d"))
        ax.errorbar(
            g["alpha"],
            g["stable_mean"],
            yerr=g["stable_sem"],
            fmt=marker + "-",
            ms=4,
            color=color,
            capsize=2,
            label=f"{rule}, n = {n}",
        )
    for k, n in enumerate(sorted(first["n"].unique())):
        a = np.linspace(0.01, first["alpha"].max(), 200)
        p = np.maximum(1, np.round(a * n)).astype(int)
        exact = np.array([one_step_error_exact(int(n), int(c)) for c in p])
        ax.plot(
            a,
            (1 - exact) ** n,
            "k--",
            lw=1,
            label="Hebb, independent bits: (1 − P_error)^n" if k == 0 else None,
        )
        ax.axvline(1 / (2 * math.log(n)), color="C0", ls=":", lw=1)
        ax.axvline(1 / math.sqrt(2 * math.log(n)), color="C1", ls=":", lw=1)
    ax.set_xlabel("load α = p/n  (dotted: n/(2 ln n) Hebb, n/√(2 ln n) Storkey)")
    ax.set_ylabel("fraction of stored patterns that are fixed points")
    ax.set_title("exact storage (absolute capacity)", fontsize=10)
    ax.legend(fontsize=8, loc="center right")
    return fig


# ---------------------------------------------------------------------- output
def _format(table: pd.DataFrame, columns: list[str]) -> str:
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        return table[columns].to_string(index=False, float_format=lambda v: f"{v:.4g}")


ALPHAS_ONE_STEP = [0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.138, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]
ALPHAS_CAPACITY = [
    0.02,
    0.04,
    0.06,
    0.08,
    0.1,
    0.11,
    0.12,
    0.13,
    0.14,
    0.15,
    0.16,
    0.18,
    0.2,
    0.25,
    0.3,
]

EXPERIMENTS = {
    "one_step": Experiment(
        name="one_step",
        description="unhappy bits at stored patterns against 1/2 erfc(1/sqrt(2 alpha))",
        params={
            "n": Param([1000, 2000], "network sizes"),
            "alphas": Param(ALPHAS_ONE_STEP, "loads alpha = p/n"),
            "probes": Param(100, "stored patterns tested per network", low=1),
            **COMMON,
        },
        run=one_step_experiment,
        quick={
            "n": [1000],
            "alphas": [0.05, 0.1, 0.138, 0.3, 0.6],
            "probes": 20,
            "seeds": 4,
            "backend": "serial",
        },
    ),
    "capacity": Experiment(
        name="capacity",
        description="final overlap after asynchronous convergence against alpha (AGS)",
        params={
            "n": Param([500, 1000, 2000], "network sizes"),
            "alphas": Param(ALPHAS_CAPACITY, "loads alpha = p/n"),
            "probes": Param(5, "stored patterns started from per network", low=1),
            "max_sweeps": Param(200, "sweep budget per run", low=1),
            **COMMON,
        },
        run=capacity_experiment,
        quick={"n": [500], "alphas": [0.05, 0.1, 0.14, 0.2], "seeds": 3, "backend": "serial"},
    ),
    "completion": Experiment(
        name="completion",
        description="retrieval probability against the fraction of corrupted bits",
        params={
            "n": Param(1000, "neurons", low=2),
            "alphas": Param([0.02, 0.05, 0.08, 0.11, 0.14], "loads alpha = p/n"),
            "noises": Param([round(0.025 * k, 3) for k in range(21)], "fractions flipped"),
            "probes": Param(5, "cues per noise level per network", low=1),
            **COMMON,
        },
        run=completion_experiment,
        quick={
            "n": 400,
            "alphas": [0.05, 0.12],
            "noises": [0.1, 0.3, 0.45],
            "seeds": 3,
            "backend": "serial",
        },
    ),
    "spurious": Experiment(
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
            **COMMON,
        },
        run=spurious_experiment,
        quick={
            "n": 400,
            "alphas": [0.01, 0.05, 0.2],
            "starts": 10,
            "seeds": 3,
            "backend": "serial",
        },
    ),
    "repetition": Experiment(
        name="repetition",
        description="a memory stored K times is retrieved L >> K times as often",
        params={
            "n": Param(500, "neurons", low=2),
            "patterns": Param(5, "distinct stored patterns", low=2),
            "K": Param([1, 2, 3, 4, 5], "times the first pattern is stored"),
            "starts": Param(200, "random starts per network", low=1),
            **COMMON,
        },
        run=repetition_experiment,
        quick={"n": 300, "K": [1, 2, 3], "starts": 40, "seeds": 3, "backend": "serial"},
    ),
    "dynamics": Experiment(
        name="dynamics",
        description="synchronous 2-cycles against alpha; energy sync vs async",
        params={
            "n": Param(500, "neurons", low=2),
            "alphas": Param([0.02, 0.05, 0.1, 0.138, 0.2, 0.3, 0.5], "loads alpha = p/n"),
            "noises": Param([0.5, 0.2], "start: fraction of a pattern flipped (0.5 = random)"),
            "starts": Param(10, "start states per network", low=1),
            "example_alpha": Param(0.2, "load of the energy-trace example", low=0.001),
            **COMMON,
        },
        run=dynamics_experiment,
        quick={
            "n": 300,
            "alphas": [0.05, 0.3],
            "noises": [0.5],
            "starts": 5,
            "seeds": 3,
            "backend": "serial",
        },
    ),
    "rules": Experiment(
        name="rules",
        description="capacity of Hebb, pseudo-inverse and Storkey rules",
        params={
            "n": Param([1000], "network sizes"),
            "rules": Param(["hebb", "storkey", "pseudo-inverse"], "learning rules"),
            "alphas": Param(
                [0.05, 0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
                "loads alpha = p/n",
            ),
            "noises": Param([0.0, 0.1], "fractions of bits flipped in the start state"),
            "probes": Param(5, "patterns started from per network", low=1),
            **COMMON,
        },
        run=rules_experiment,
        quick={"n": [300], "alphas": [0.1, 0.3, 0.6], "seeds": 2, "backend": "serial"},
    ),
}
