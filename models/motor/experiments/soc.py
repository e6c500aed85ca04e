"""Experiment ``soc``: do rotations emerge in a stability-optimised circuit?

A random E-I network (spectral radius 10, far from stable) is stabilised by optimising
its inhibitory weights (:mod:`neuroagents.models.motor.soc`; Hennequin, Vogels &
Gerstner 2014). Its preparatory states are a ring of 8 unit states in the plane of the
two most amplified initial directions (top eigenvectors of the observability Gramian);
the held preparatory input brings the network there, the go cue releases it. jPCA
(window ``tstart``-``tend`` after the go cue) and tangling (network against its
output-null muscle readout) are measured, and the same is done on three controls with
the same spectral abscissa, each with its own top Gramian directions:

* ``initial``: the network before optimisation, rescaled (``c W0``) to be stable;
* ``normal``: a normal matrix with exactly the SOC's eigenvalues (no transient growth);
* ``symmetric``: a random symmetric network (real eigenvalues: nothing rotates).

Every network is run on ``repeats`` seeds; verdicts are on the means.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.jpca import jpca
from neuroagents.analysis.tangling import tangling
from neuroagents.errors import ConfigError
from neuroagents.models.motor.experiments.headlines import soc_headlines
from neuroagents.models.motor.figures_soc import soc_figure, soc_jpca_figure
from neuroagents.models.motor.model import MotorModel
from neuroagents.models.motor.soc import (
    network_from_weights,
    normal_counterpart,
    observability_gramian,
    optimize_inhibition,
    random_ei_weights,
    rescaled_to_abscissa,
    spectral_abscissa,
    symmetric_network,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["SOC", "control_weights", "measure_network", "soc_verdicts"]

SUMMARY_COLUMNS = [
    "network", "abscissa", "top_energy", "amplification", "output", "r2_skew", "r2_unconstrained",
    "r2_ratio", "frequency", "same_direction", "tangling_ratio",
]  # fmt: skip

NETWORKS = ("soc", "initial", "normal", "symmetric")

SILENT = 1e-6
"""Below this output the muscles only carry round-off (a normal or symmetric network
keeps its response in the output-null plane it starts in; measured ~1e-14)."""
"""The optimised circuit and its three controls."""


def control_weights(
    opt_w: np.ndarray, initial: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The SOC and its controls, all with the SOC's spectral abscissa."""
    alpha = spectral_abscissa(opt_w)
    normal_rng, sym_rng = rng.spawn(2)
    return {
        "soc": opt_w,
        "initial": rescaled_to_abscissa(initial, alpha),
        "normal": normal_counterpart(opt_w, normal_rng),
        "symmetric": symmetric_network(opt_w.shape[0], alpha, sym_rng),
    }


def measure_network(
    W: np.ndarray, config: dict[str, Any], rng: np.random.Generator
) -> tuple[dict[str, float], Any, list[Any]]:
    """Run one network on its preparatory states; jPCA, tangling, amplification.

    Returns:
        ``(row, jpca_result, runs)``: the measured numbers, the jPCA fit, the runs.
    """
    net, prep, energies = network_from_weights(
        W,
        conditions=config["conditions"],
        directions=config["directions"],
        n_muscles=config["muscles"],
        tau=config["tau"],
        dt=config["dt"],
        rng=rng,
    )
    runs = [
        MotorModel.from_network(net).run_trial(
            x, prep=config["prep"], before=config["before"], after=config["after"],
            every=config["every"],
        )
        for x in prep
    ]  # fmt: skip
    times = runs[0].times
    go = int(np.searchsorted(times, 0.0))
    norms = np.array([np.linalg.norm(r.rates[go:], axis=1) for r in runs])
    res = jpca(
        [r.rates for r in runs],
        times=times,
        tstart=config["tstart"],
        tend=config["tend"],
        num_pcs=config["num_pcs"],
    )
    # output: the peak muscle deviation over the peak network norm, in units of the
    # readout's largest gain (1: all activity in the output-potent plane)
    muscles = np.array([np.linalg.norm(r.muscles[go:] - net.baseline, axis=1) for r in runs])
    gain = np.linalg.norm(net.readout, 2)
    output = float(np.mean(muscles.max(axis=1) / (gain * norms.max(axis=1))))
    q_net = tangling([r.rates for r in runs], dt=config["every"])
    q_mus = tangling([r.muscles for r in runs], dt=config["every"])
    if output < SILENT:  # muscles at baseline to round-off: their tangling means nothing
        q_mus = np.full_like(q_mus, np.nan)
    row = {
        "abscissa": spectral_abscissa(W),
        "top_energy": float(energies[0]),
        "mean_energy": float(np.trace(observability_gramian(W)) / W.shape[0]),
        "amplification": float((norms.max(axis=1) / norms[:, 0]).mean()),
        "go_residual": float(
            np.mean([np.linalg.norm(r.rates[go] - x) for r, x in zip(runs, prep, strict=True)])
        ),
        "output": output,
        "r2_skew": res.r2_skew,
        "r2_unconstrained": res.r2_unconstrained,
        "r2_ratio": res.r2_ratio,
        "frequency": 1000 * float(res.frequencies[0]),
        "mode_frequency": _slowest_mode_frequency(W, config["tau"]),
        "same_direction": float(res.conditions["same_direction"].mean()),
        "tangling_ratio": float(np.median(q_mus) / np.median(q_net)),
        "tangling_frac": float(np.mean(q_mus > q_net)) if output >= SILENT else np.nan,
    }
    return row, res, runs


def _slowest_mode_frequency(W: np.ndarray, tau: float) -> float:
    """Frequency (Hz, tau in ms) of W's slowest mode (largest real part; 0 if real)."""
    lam = np.linalg.eigvals(W)
    return float(1000 * abs(lam[np.argmax(lam.real)].imag) / (2 * np.pi * tau))


def soc_verdicts(per_net: pd.DataFrame) -> pd.DataFrame:
    """Each claim: the measured mean (min, max over the seeds), the expectation, the verdict."""
    m = per_net.groupby("network").mean(numeric_only=True)
    lo = per_net.groupby("network").min(numeric_only=True)
    hi = per_net.groupby("network").max(numeric_only=True)
    rows = [
        ("optimisation stabilises the random E-I network", "initial", "initial_abscissa",
         "spectral abscissa before (> 0: unstable)", m.loc["soc", "initial_abscissa"] > 0),
        ("optimisation stabilises the random E-I network", "soc", "abscissa",
         "spectral abscissa after (< 0: stable)", m.loc["soc", "abscissa"] < 0),
        ("the SOC amplifies its top Gramian directions transiently", "soc", "amplification",
         "peak |v(t)| / |v(0)| > 1 (a normal network: <= 1)", m.loc["soc", "amplification"] > 1),
        ("the SOC's responses rotate (Hennequin et al. 2014)", "soc", "r2_ratio",
         "R2_skew / R2_full ~0.5-0.8, as in Churchland et al.", m.loc["soc", "r2_ratio"] >= 0.5),
        ("every condition rotates the same way (SOC)", "soc", "same_direction",
         "all conditions", m.loc["soc", "same_direction"] == 1.0),
        ("the SOC is less tangled than its muscles", "soc", "tangling_ratio",
         "median Q muscles / median Q network > 1", m.loc["soc", "tangling_ratio"] > 1),
        ("an output-null preparatory state drives the muscles (SOC)", "soc", "output",
         "> 0 (Kaufman et al. 2014)", m.loc["soc", "output"] > 100 * SILENT),
        ("control, normal matrix with the SOC's eigenvalues: no amplification", "normal",
         "amplification", "peak |v(t)| / |v(0)| = 1 (norm never grows)",
         abs(m.loc["normal", "amplification"] - 1) < 1e-6),
        ("control, normal matrix: the response never leaves the output-null plane", "normal",
         "output", "0 (its top Gramian plane is invariant)", m.loc["normal", "output"] < SILENT),
        ("control, symmetric network: no rotations", "symmetric", "r2_ratio",
         "R2_skew / R2_full < 0.5 (real eigenvalues)", m.loc["symmetric", "r2_ratio"] < 0.5),
    ]  # fmt: skip
    table = pd.DataFrame(
        [
            (claim, net, key, m.loc[net, key], lo.loc[net, key], hi.loc[net, key], exp, ok)
            for claim, net, key, exp, ok in rows
        ],
        columns=["claim", "network", "measure", "value", "low", "high", "expected", "holds"],
    )
    return table.assign(
        verdict=np.where(table["holds"], "reproduced", "not reproduced"),
        holds=table["holds"].astype(bool),
        seeds=per_net["seed"].nunique(),
    )


def check_config(config: dict[str, Any]) -> None:
    """Refuse parameters that fit their own bounds but not each other, naming them."""
    if not -config["before"] <= config["tstart"] < config["tend"] <= config["after"]:
        raise ConfigError(
            "The jPCA window must lie in the recording: -params.before <= params.tstart < "
            f"params.tend <= params.after. Got before={config['before']}, "
            f"tstart={config['tstart']}, tend={config['tend']}, after={config['after']}."
        )
    if config["num_pcs"] > config["n"] or config["directions"] > config["n"] - 2:
        raise ConfigError(
            "params.num_pcs must be <= params.n and params.directions <= params.n - 2. Got "
            f"num_pcs={config['num_pcs']}, directions={config['directions']}, n={config['n']}."
        )
    if config["directions"] % 2:
        raise ConfigError(
            f"params.directions must be even (a plane per pair). Got {config['directions']}."
        )


def soc_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Optimise ``repeats`` circuits, measure each with its three controls, judge."""
    check_config(config)
    rows, histories, first = [], [], None
    for k, sub in enumerate(rng.spawn(config.repeats)):
        w_rng, c_rng, run_rng = sub.spawn(3)
        W0, n_exc = random_ei_weights(
            config.n, density=config.density, gamma=config.gamma,
            radius=config.radius, rng=w_rng,
        )  # fmt: skip
        opt = optimize_inhibition(
            W0, n_exc, rate=config.rate, steps=config.steps, target=config.target,
            progress=True,
        )  # fmt: skip
        if spectral_abscissa(opt.W) >= 0:
            raise ConfigError(
                f"params.steps = {config.steps} at params.rate = {config.rate} left "
                f"seed {k}'s network unstable (spectral abscissa "
                f"{spectral_abscissa(opt.W):.3g}); raise params.steps or params.rate."
            )
        histories.append(opt.history.assign(seed=k))
        results, all_runs = {}, {}
        weights = control_weights(opt.W, W0, c_rng)
        for name, r_rng in zip(NETWORKS, run_rng.spawn(len(NETWORKS)), strict=True):
            row, res, runs = measure_network(weights[name], config, r_rng)
            exc = weights[name][:, :n_exc]
            rows.append(
                row
                | {
                    "network": name,
                    "seed": k,
                    "initial_abscissa": spectral_abscissa(W0),
                    "inhibition_ratio": float(-weights[name][:, n_exc:].sum() / exc.sum())
                    if name in ("soc", "initial")
                    else np.nan,
                }
            )
            results[name], all_runs[name] = res, runs
        if k == 0:
            first = (results, all_runs, weights, W0)
    per_net = pd.DataFrame(rows)
    cols = ["network", "seed", *[c for c in per_net.columns if c not in ("network", "seed")]]
    per_net = per_net[cols]
    table = soc_verdicts(per_net)
    means = per_net.groupby("network", sort=False).mean(numeric_only=True).reset_index()
    results, all_runs, weights, W0 = first
    text = (
        "Rotations that emerge: a stability-optimised E-I circuit and its controls "
        f"(means over {config.repeats} seeds).\n"
        + format_table(means, SUMMARY_COLUMNS)
        + "\n"
        + format_table(table, ["claim", "network", "value", "low", "high", "verdict"])
    )
    history = pd.concat(histories, ignore_index=True)
    figures = {
        "jpca": partial(soc_jpca_figure, results),
        "soc": partial(soc_figure, history, weights, W0, all_runs),
    }
    return ExperimentResult(table, text, figures, {"networks": per_net, "history": history})


SOC = Experiment(
    name="soc",
    description="jPCA and tangling on a stability-optimised E-I circuit and three controls",
    params={
        "n": Param(200, "neurons (half excitatory, half inhibitory)", low=10),
        "repeats": Param(3, "circuits, each from its own seed", low=1),
        "density": Param(0.1, "connection probability", low=1e-3, high=0.999),
        "gamma": Param(3.0, "inhibitory / excitatory weight ratio at the start", low=1e-3),
        "radius": Param(10.0, "spectral radius before optimisation", low=1e-3),
        "rate": Param(30.0, "gradient step on the inhibitory weights", low=1e-6),
        "steps": Param(2000, "most optimisation steps", low=1),
        "target": Param(-0.2, "stop when the spectral abscissa (1/tau) is below", high=-1e-6),
        "conditions": Param(8, "preparatory states (a ring)", low=2),
        "directions": Param(2, "top Gramian directions spanning the ring (even)", low=2),
        "muscles": Param(8, "muscles (readout rows)", low=2),
        "tau": Param(200.0, "neuron time constant (ms)", low=1e-3),
        "dt": Param(0.1, "step (ms)", low=1e-4),
        "prep": Param(4000.0, "preparatory period (ms)", low=1.0),
        "before": Param(100.0, "recorded before the go cue (ms)", low=0.0),
        "after": Param(1000.0, "recorded after the go cue (ms)", low=10.0),
        "every": Param(10.0, "record step (ms)", low=1e-3),
        "tstart": Param(0.0, "jPCA window start (ms from the go cue)"),
        "tend": Param(600.0, "jPCA window end (ms)"),
        "num_pcs": Param(6, "PCs jPCA fits the dynamics in", low=2),
    },
    run=soc_experiment,
    headlines=soc_headlines,
    quick={"n": 60, "repeats": 1, "radius": 5.0, "prep": 3000.0, "after": 700.0},
)
