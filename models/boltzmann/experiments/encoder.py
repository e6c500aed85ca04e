"""The encoder problems and the equilibration checks of Ackley, Hinton & Sejnowski (1985).

Pieces:
    encoder_trial: train one n-h-n encoder until its exact code is perfect.
    equilibration_table: autocorrelation times of the free phase at the schedule's
        temperatures, and chi-square of sampled states against enumeration, for the
        numba sampler and for the same machine run as Glauber agents (NeuralModel).
    ENCODER: the experiment ``runs/boltzmann_encoder.toml`` runs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.boltzmann import figures
from neuroagents.models.boltzmann.agents import machine_model
from neuroagents.models.boltzmann.experiments.headlines import encoder_headlines
from neuroagents.models.boltzmann.machine import BoltzmannMachine
from neuroagents.models.boltzmann.measures import (
    autocorrelation_time,
    chi_square_test,
    encoder_machine,
    encoder_patterns,
    is_perfect,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["ENCODER", "encoder_trial", "equilibration_table"]

PAPER = {
    # Ackley, Hinton & Sejnowski (1985): the fraction of runs that found a perfect code
    "4-2-4": "250/250 perfect",
    "8-3-8": "16/20 perfect",
}


def encoder_trial(
    n_io: int,
    n_hidden: int,
    max_cycles: int,
    chains: int,
    check_every: int,
    rng: Any,
    decay: float = 0.0,
) -> dict[str, Any]:
    """Train an encoder with the paper's rule and schedule; stop at the first perfect code.

    ``decay`` (not in the paper) shrinks weights and biases by that fraction each cycle.

    Returns:
        ``perfect`` (bool), ``cycles`` (learning cycles when first perfect, else
        max_cycles), ``max_weight``; the machine under key ``machine``.
    """
    bm = encoder_machine(n_io, n_hidden, chains=chains, decay=decay, random_state=rng)
    V = encoder_patterns(n_io)
    while bm.cycles_ < max_cycles:
        bm.fit(V, check_every)
        if is_perfect(bm, n_io):
            break
    perfect = is_perfect(bm, n_io)
    return {
        "perfect": perfect,
        "cycles": bm.cycles_,
        "max_weight": float(np.abs(bm.weights_).max()),
        "machine": bm,
    }


def _agent_samples(bm: BoltzmannMachine, T: float, sweeps: int, thin: int, rng: Any) -> np.ndarray:
    model = machine_model(bm, temperature=T, rng=rng, record_every=None)
    out = np.empty((sweeps // thin, bm.n))
    model.run_for(100)
    for t in range(len(out)):
        model.run_for(thin)
        out[t] = (model.state + 1) / 2
    return out


def equilibration_table(bm: BoltzmannMachine, sweeps: int, rng: Any) -> pd.DataFrame:
    """Free-phase autocorrelation time at each temperature and chi-square at the last.

    Chi-square: the chain is thinned by 2 tau + 1 sweeps so samples are ~independent;
    states are compared with the exact distribution of all 2^n states at that T.
    """
    rows = []
    for _, T in bm.schedule:
        run = bm.chain(sweeps, temperature=T)
        tau = autocorrelation_time(bm.energy(run))
        thin = int(np.ceil(2 * tau)) + 1
        states, p = bm.distribution(T)
        chi2, dof, pv = chi_square_test(run[100::thin], states, p)
        agents = _agent_samples(bm, T, sweeps, thin, rng)
        chi2_a, dof_a, pv_a = chi_square_test(agents, states, p)
        rows.append(
            {
                "temperature": T,
                "tau_sweeps": tau,
                "samples": len(run[100::thin]),
                "chi2_sampler": chi2,
                "dof_sampler": dof,
                "p_sampler": pv,
                "chi2_agents": chi2_a,
                "dof_agents": dof_a,
                "p_agents": pv_a,
            }
        )
    return pd.DataFrame(rows)


def encoder_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """4-2-4 and 8-3-8 encoders over seeds, then equilibration of a trained 4-2-4."""
    rows, trained = [], None
    for name, n_io, nh, seeds, cycles in (
        ("4-2-4", 4, 2, params.seeds_424, params.cycles_424),
        ("8-3-8", 8, 3, params.seeds_838, params.cycles_838),
    ):
        for seed, g in enumerate(rng.spawn(seeds)):
            out = encoder_trial(
                n_io, nh, cycles, params.chains, params.check_every, g, params.decay
            )
            machine = out.pop("machine")
            if name == "4-2-4" and out["perfect"] and trained is None:
                trained = machine
            rows.append({"problem": name, "seed": seed, **out})
    table = pd.DataFrame(rows)
    if trained is None:
        trained = machine
    equil = equilibration_table(trained, params.equil_sweeps, rng)
    summary = _summary(table, equil, params)
    return ExperimentResult(
        table=table,
        summary=summary,
        figures={"boltzmann_encoder": partial(figures.encoder_figure, table, equil, trained)},
        tables={"equilibration": equil},
    )


def encoder_summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per problem: seeds, fraction perfect, median and max cycles of the perfect runs."""
    rows = []
    for name, g in table.groupby("problem", sort=False):
        ok = g[g["perfect"]]
        rows.append(
            {
                "problem": name,
                "seeds": len(g),
                "perfect": f"{len(ok)}/{len(g)}",
                "median cycles": float(ok["cycles"].median()) if len(ok) else float("nan"),
                "max cycles": int(ok["cycles"].max()) if len(ok) else -1,
                "paper": PAPER[name],
            }
        )
    return pd.DataFrame(rows)


def _summary(table: pd.DataFrame, equil: pd.DataFrame, params: dict[str, Any]) -> str:
    lines = [
        "Encoders trained by the clamped-minus-free rule (step 2 sign(p - p'), noisy "
        f"clamping 0.15/0.05, annealing 2@20 2@15 2@12 4@10, 10 sweeps of statistics, "
        f"{params['chains']} chain(s) per phase and vector, weight decay {params['decay']} "
        "a cycle); perfect = exact mode of "
        "P(V2, H | V1) reproduces V1 through distinct hidden codes.",
        format_table(s := encoder_summary_table(table), s.columns),
        "Free phase of a trained 4-2-4 (10 units): autocorrelation time of the energy and "
        "chi-square of thinned samples against the exact Boltzmann distribution:",
        format_table(equil, equil.columns),
    ]
    return "\n".join(lines)


ENCODER = Experiment(
    name="encoder",
    description="4-2-4 and 8-3-8 encoders (Ackley et al. 1985), free-phase equilibration",
    params={
        "seeds_424": Param(50, "seeds of the 4-2-4 encoder", low=1),
        "cycles_424": Param(2000, "learning-cycle budget of the 4-2-4 encoder", low=1),
        "seeds_838": Param(10, "seeds of the 8-3-8 encoder", low=1),
        "cycles_838": Param(4000, "learning-cycle budget of the 8-3-8 encoder", low=1),
        "decay": Param(
            0.0, "fraction of weights and biases lost each cycle (0: paper)", low=0.0, high=1.0
        ),
        "chains": Param(4, "annealing runs per phase and training vector", low=1),
        "check_every": Param(10, "learning cycles between checks of the code", low=1),
        "equil_sweeps": Param(40000, "sweeps of the free chain for equilibration", low=1000),
    },
    run=encoder_experiment,
    headlines=encoder_headlines,
    quick={
        "seeds_424": 4,
        "cycles_424": 300,
        "seeds_838": 1,
        "cycles_838": 50,
        "equil_sweeps": 4000,
    },
)
