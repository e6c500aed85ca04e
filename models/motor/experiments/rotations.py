"""Experiment ``rotations``: jPCA and tangling on the dynamical and the tuning view.

Pieces:
    reach_populations: the reaching network's trajectories and two tuning populations
        (position + velocity + speed, and velocity only) on minimum-jerk reaches.
    jpca_rows, tangling_rows: the analyses as tidy tables.
    measurements: the numbers the verdicts test, for one network.
    cycling_trajectories: the cycling network pedalling forward and backward.
    verdicts: each published claim, the number that tests it and whether it holds.
    check_config: parameters that must agree with each other.
    ROTATIONS: the experiment.

Reaching: ``conditions`` directions; the network holds its preparatory state for
``prep`` time units (ms), the go cue releases it, and jPCA analyses ``[tstart, tend]``
around the go cue. The tuning populations read minimum-jerk kinematics of the same
directions (``reach_duration`` long). Tangling pools all conditions and the recorded
times, for the network's full state and for its muscles. Cycling: the network pedals
forward and backward for ``cycle_duration``; tangling of its full state against that of
its muscles (whose activity spans a plane, the 2-D pedal force).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.jpca import JPCAResult, jpca
from neuroagents.analysis.tangling import tangling
from neuroagents.errors import ConfigError
from neuroagents.models.motor.experiments.headlines import rotations_headlines
from neuroagents.models.motor.figures import jpca_figure, tangling_figure
from neuroagents.models.motor.model import MotorModel
from neuroagents.models.motor.network import (
    MotorNetwork,
    Trajectory,
    cycling_network,
    reach_network,
)
from neuroagents.models.motor.tuning import TuningPopulation, minimum_jerk, reach_kinematics
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table

__all__ = [
    "ROTATIONS",
    "check_config",
    "cycling_trajectories",
    "jpca_rows",
    "measurements",
    "reach_populations",
    "tangling_rows",
    "verdicts",
]

POPULATIONS = ("network", "tuning", "tuning_velocity")
"""The reaching populations: the network, tuned to position + velocity + speed, and
tuned to velocity only."""


def reach_populations(
    config: dict[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, dict[str, list[np.ndarray]], list[Trajectory], MotorNetwork]:
    """Record times, each population's rates per condition, the network's runs, the network."""
    net_rng, tune_rng = rng.spawn(2)
    net, prep = reach_network(
        config["n"],
        conditions=config["conditions"],
        frequencies=config["frequencies"],
        decays=config["decays"],
        second_plane=config["second_plane"],
        null_amplitude=config["null_amplitude"],
        n_muscles=config["muscles"],
        coupling=config["coupling"],
        tau=config["tau"],
        dt=config["dt"],
        rng=net_rng,
    )
    runs = [
        MotorModel.from_network(net).run_trial(
            x,
            prep=config["prep"],
            before=config["before"],
            after=config["after"],
            every=config["every"],
        )
        for x in prep
    ]
    times = runs[0].times
    pos, vel = reach_kinematics(times, config["conditions"], duration=config["reach_duration"])
    peak = float(
        minimum_jerk(np.array([config["reach_duration"] / 2]), config["reach_duration"])[1][0]
    )
    rates = {"network": [r.rates for r in runs]}
    for name, terms in (
        ("tuning", ("position", "velocity", "speed")),
        ("tuning_velocity", ("velocity",)),
    ):
        pop = TuningPopulation.random(config["n"], tune_rng, peak_speed=peak, terms=terms)
        rates[name] = [pop.rates(pos[c], vel[c]) for c in range(config["conditions"])]
    return times, rates, runs, net


def jpca_rows(
    times: np.ndarray, rates: dict[str, list[np.ndarray]], config: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, JPCAResult]]:
    """Run jPCA on each population: one summary row each, and the tidy projections."""
    rows, projections, results = [], [], {}
    for name, data in rates.items():
        res = jpca(
            data,
            times=times,
            tstart=config["tstart"],
            tend=config["tend"],
            num_pcs=config["num_pcs"],
        )
        results[name] = res
        rows.append(res.summary.assign(population=name))
        projections.append(res.projections.assign(population=name))
    return (
        pd.concat(rows, ignore_index=True),
        pd.concat(projections, ignore_index=True),
        results,
    )


def tangling_rows(
    task: str, times: np.ndarray, states: dict[str, list[np.ndarray]]
) -> pd.DataFrame:
    """Q(t) of each population's states (all conditions pooled), tidy."""
    dt = float(times[1] - times[0])
    frames = []
    for name, data in states.items():
        q = tangling(data, dt=dt, as_frame=True)
        frames.append(q.assign(task=task, population=name, time=times[q["step"]]))
    return pd.concat(frames, ignore_index=True)[["task", "population", "condition", "time", "q"]]


def cycling_trajectories(config: dict[str, Any], rng: np.random.Generator) -> list[Trajectory]:
    """The cycling network pedalling forward (row 0) and backward (row 1)."""
    net, prep = cycling_network(
        config["n"],
        frequency=config["cycle_frequency"],
        n_muscles=config["muscles"],
        tau=config["tau"],
        dt=config["dt"],
        rng=rng,
    )
    return [
        MotorModel.from_network(net).run_trial(
            x, prep=0.0, before=0.0, after=config["cycle_duration"], every=config["every"]
        )
        for x in prep
    ]


def _tangling_ratio(q: pd.DataFrame, task: str, high: str, low: str) -> tuple[float, float]:
    """Median Q of ``high`` over median Q of ``low``, and how often Q_high > Q_low."""
    a = q[(q["task"] == task) & (q["population"] == high)]["q"].to_numpy()
    b = q[(q["task"] == task) & (q["population"] == low)]["q"].to_numpy()
    return float(np.median(a) / np.median(b)), float(np.mean(a > b))


def measurements(summary: pd.DataFrame, q: pd.DataFrame, slowest: float) -> dict[str, float]:
    """The numbers the verdicts test, for one network and its tuning populations.

    ``slowest`` is the frequency of the network's longest-lived rotating mode (per ms).
    """
    s = summary.set_index("population")
    reach_ratio, reach_frac = _tangling_ratio(q, "reach", "muscles", "network")
    cyc_ratio, cyc_frac = _tangling_ratio(q, "cycling", "muscles", "network")
    return {
        "net_ratio": s.loc["network", "r2_ratio"],
        "net_frequency": 1000 * s.loc["network", "frequency_1"],
        "mode_frequency": 1000 * slowest,
        "net_same": s.loc["network", "same_direction"],
        "tune_ratio": s.loc["tuning", "r2_ratio"],
        "tune_same": s.loc["tuning", "same_direction"],
        "vel_ratio": s.loc["tuning_velocity", "r2_ratio"],
        "vel_same": s.loc["tuning_velocity", "same_direction"],
        "reach_ratio": reach_ratio,
        "reach_frac": reach_frac,
        "cycling_ratio": cyc_ratio,
        "cycling_frac": cyc_frac,
    }


def verdicts(per_repeat: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """Each claim: the measured mean (min, max over the networks), the published, the verdict.

    The verdict is on the mean; ``low`` and ``high`` show whether any network differs.
    """
    m = per_repeat.mean()

    def lacks(pop: str) -> bool:  # weak rotation and not every condition the same way
        return bool(m[f"{pop}_ratio"] < 0.5 and m[f"{pop}_same"] < 1.0)

    rows = [
        ("rotations in the jPC plane (network)", "R2_skew / R2_unconstrained", "net_ratio",
         "most of the linear dynamics is rotational (~0.5-0.8)", m["net_ratio"] >= 0.5),
        ("rotation frequency (network)", "jPC plane 1 frequency (Hz)", "net_frequency",
         f"the network's longest-lived rotation (eigenvalues of W): "
         f"{m['mode_frequency']:.3g} Hz", abs(m["net_frequency"] / m["mode_frequency"] - 1) < 0.1),
        ("same direction across conditions (network)", "fraction of conditions", "net_same",
         "all conditions", m["net_same"] == 1.0),
        ("tuning population lacks rotations (position + velocity + speed)",
         "R2_skew / R2_unconstrained", "tune_ratio", "weak or no rotations", lacks("tune")),
        ("tuning population lacks rotations (position + velocity + speed)",
         "fraction of conditions turning the same way", "tune_same",
         "no consistent direction", lacks("tune")),
        ("tuning population lacks rotations (velocity only)", "R2_skew / R2_unconstrained",
         "vel_ratio", "weak or no rotations", lacks("vel")),
        ("tuning population lacks rotations (velocity only)",
         "fraction of conditions turning the same way", "vel_same",
         "no consistent direction", lacks("vel")),
        ("network less tangled than its muscles (reaching)",
         "median Q muscles / median Q network", "reach_ratio",
         "M1 below EMG (Russo et al. 2018)", m["reach_ratio"] > 1 and m["reach_frac"] > 0.5),
        ("network less tangled than its muscles (reaching)",
         "fraction of times Q muscles > Q network", "reach_frac", "most times",
         m["reach_frac"] > 0.5),
        ("cycling: 2-D muscle space tangled, full state not",
         "median Q muscles / median Q network", "cycling_ratio", "EMG >> M1",
         m["cycling_ratio"] > 10 and m["cycling_frac"] > 0.9),
        ("cycling: 2-D muscle space tangled, full state not",
         "fraction of times Q muscles > Q network", "cycling_frac", "all times",
         m["cycling_frac"] > 0.9),
    ]  # fmt: skip
    table = pd.DataFrame(
        [
            (claim, measure, m[key], per_repeat[key].min(), per_repeat[key].max(), pub, ok)
            for claim, measure, key, pub, ok in rows
        ],
        columns=["claim", "measure", "value", "low", "high", "published", "holds"],
    )
    return table.assign(
        verdict=np.where(table["holds"], "reproduced", "not reproduced"),
        holds=table["holds"].astype(bool),
        networks=len(per_repeat),
    )


def check_config(config: dict[str, Any]) -> None:
    """Refuse parameters that fit their own bounds but not each other, naming them."""
    if len(config["frequencies"]) != len(config["decays"]):
        raise ConfigError(
            "params.frequencies and params.decays must have the same length (one decay per "
            f"frequency). Got {config['frequencies']} and {config['decays']}."
        )
    if not -config["before"] <= config["tstart"] < config["tend"] <= config["after"]:
        raise ConfigError(
            "The jPCA window must lie in the recording: -params.before <= params.tstart < "
            f"params.tend <= params.after. Got before={config['before']}, "
            f"tstart={config['tstart']}, tend={config['tend']}, after={config['after']}."
        )
    if config["num_pcs"] > config["n"]:
        raise ConfigError(
            f"params.num_pcs must be <= params.n. Got {config['num_pcs']} > {config['n']}."
        )


def rotations_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Run jPCA on the network and the tuning populations; tangling in reaching and cycling.

    The reaching part runs on ``repeats`` networks (and tuning populations), each from
    its own seed; the figures show the first.
    """
    check_config(config)
    reach_rng, cycle_rng = rng.spawn(2)
    cycles = cycling_trajectories(config, cycle_rng)
    q_cycling = tangling_rows(
        "cycling",
        cycles[0].times,
        {"network": [c.rates for c in cycles], "muscles": [c.muscles for c in cycles]},
    )
    summaries, qs, measured = [], [], []
    for k, sub in enumerate(reach_rng.spawn(config["repeats"])):
        times, rates, runs, net = reach_populations(config, sub)
        summary, projections, results = jpca_rows(times, rates, config)
        reach_states = {
            "network": rates["network"],
            "muscles": [r.muscles for r in runs],
            "tuning": rates["tuning"],
        }
        q = tangling_rows("reach", times, reach_states)
        measured.append(measurements(summary, pd.concat([q, q_cycling]), net.slowest_rotation()))
        summaries.append(summary.assign(repeat=k))
        qs.append(q.assign(repeat=k))
        if k == 0:
            first = (projections, results, runs, q)
    projections, results, runs, q_first = first
    table = verdicts(pd.DataFrame(measured), config)
    summary = pd.concat(summaries, ignore_index=True)
    means = summary.drop(columns="repeat").groupby("population", sort=False).mean()
    text = (
        "Motor cortex: jPCA and tangling on a rotational rate network, two tuning "
        f"populations and the network's muscles (means over {config['repeats']} networks).\n"
        + format_table(
            means.reset_index(),
            [
                "population",
                "r2_skew",
                "r2_unconstrained",
                "r2_ratio",
                "frequency_1",
                "same_direction",
            ],
        )
        + "\n"
        + format_table(table, ["claim", "value", "low", "high", "verdict"])
    )
    figures = {
        "jpca": jpca_figure(results, runs, config),
        "tangling": tangling_figure(pd.concat([q_first, q_cycling]), cycles),
    }
    tables = {
        "jpca": summary,
        "measurements": pd.DataFrame(measured).rename_axis("repeat").reset_index(),
        "projections": projections,
        "tangling": pd.concat([*qs, q_cycling.assign(repeat=0)], ignore_index=True),
        "muscles": pd.concat(
            [
                pd.DataFrame(
                    r.muscles, columns=[f"m{j}" for j in range(r.muscles.shape[1])]
                ).assign(condition=c, time=r.times)
                for c, r in enumerate(runs)
            ],
            ignore_index=True,
        ),
    }
    return ExperimentResult(table, text, figures, tables)


ROTATIONS = Experiment(
    name="rotations",
    description="jPCA rotations and tangling: rate network vs tuning populations vs muscles",
    params={
        "n": Param(200, "neurons in the network and in each tuning population", low=10),
        "repeats": Param(5, "networks (and tuning populations), each from its own seed", low=1),
        "conditions": Param(8, "reach directions", low=2),
        "frequencies": Param([0.0015, 0.003], "rotation frequencies (cycles per ms)", low=1e-6),
        "decays": Param([300.0, 200.0], "their decay times (ms)", low=1.0),
        "second_plane": Param(0.6, "amplitude of the faster planes", low=0.0),
        "null_amplitude": Param(0.5, "preparatory state in the decaying modes", low=0.0),
        "muscles": Param(8, "muscles (readout rows)", low=2),
        "coupling": Param(0.0, "strength of a random N(0, 1/n) part added to W", low=0.0),
        "tau": Param(20.0, "neuron time constant (ms)", low=1e-3),
        "dt": Param(1.0, "step (ms)", low=1e-3),
        "prep": Param(1500.0, "preparatory period (ms)", low=1.0),
        "before": Param(100.0, "recorded before the go cue (ms)", low=0.0),
        "after": Param(600.0, "recorded after the go cue (ms)", low=10.0),
        "every": Param(10.0, "record step (ms)", low=1e-3),
        "reach_duration": Param(400.0, "minimum-jerk reach duration (ms)", low=1.0),
        "tstart": Param(-50.0, "jPCA window start (ms from the go cue)"),
        "tend": Param(350.0, "jPCA window end (ms)"),
        "num_pcs": Param(6, "PCs jPCA fits the dynamics in", low=2),
        "cycle_frequency": Param(0.002, "cycling frequency (cycles per ms)", low=1e-6),
        "cycle_duration": Param(1500.0, "cycling duration (ms)", low=10.0),
    },
    run=rotations_experiment,
    headlines=rotations_headlines,
    quick={
        "n": 60,
        "repeats": 2,
        "prep": 1000.0,
        "after": 400.0,
        "tend": 300.0,
        "cycle_duration": 600.0,
    },
)
