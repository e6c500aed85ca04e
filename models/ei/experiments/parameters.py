"""What the E–I experiments share: their network parameters, and one agents-and-ODE run.

Pieces:
    TAU_RATIO: the default τ_E/τ_I, from the model's default time constants.
    network_params: the parameters every E–I experiment takes (defaults from
        :data:`~neuroagents.models.ei.params.DEFAULTS`).
    base_params: an experiment's parameters as EIParams.
    run_pair: agents and the linear-noise mean field over one run.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.spectra import TIME_UNITS
from neuroagents.connectome import Connectome
from neuroagents.models.ei.network import EIModel
from neuroagents.models.ei.params import DEFAULTS, PRESETS, EIParams
from neuroagents.runner.experiment import Param

__all__ = ["TAU_RATIO", "base_params", "network_params", "run_pair"]


TAU_RATIO = DEFAULTS.tau_e / DEFAULTS.tau_i
"""The default τ_E/τ_I (20), from the model's default time constants."""


def network_params(**overrides: Any) -> dict[str, Param]:
    """The parameters every E–I experiment takes, with an experiment's own added."""
    params = {
        "n_e": Param(DEFAULTS.n_e, "number of E neurons", low=1),
        "n_i": Param(DEFAULTS.n_i, "number of I neurons", low=1),
        "p": Param(DEFAULTS.p, "connection probability", low=0.0, high=1.0),
        "theta_e": Param(DEFAULTS.theta_e, "E threshold T_E (active iff input > T_E)"),
        "theta_i": Param(DEFAULTS.theta_i, "I threshold T_I"),
        "e0": Param(DEFAULTS.e0, "fraction of E active at time 0", low=0.0, high=1.0),
        "i0": Param(DEFAULTS.i0, "fraction of I active at time 0", low=0.0, high=1.0),
        "tau_i": Param(DEFAULTS.tau_i, "I time constant (in time_unit)", low=1e-9),
        "preset": Param(DEFAULTS.preset, "wiring", choices=PRESETS),
        "engine": Param("compiled", "compiled or agents", choices=("compiled", "agents")),
        "duration": Param(15.0, "run length in E time constants (at least 60 tau_I)", low=0.1),
        "time_unit": Param("ms", "the unit of tau and time", choices=tuple(TIME_UNITS)),
    }
    params.update(overrides)
    return params


def base_params(config: dict[str, Any], ratio: float | None = None) -> EIParams:
    """An experiment's parameters as EIParams (τ_E = ``ratio`` τ_I, default ``tau_ratio``)."""
    tau_i = config["tau_i"]
    return EIParams(
        n_e=config["n_e"],
        n_i=config["n_i"],
        p=config["p"],
        tau_e=(config.get("tau_ratio", TAU_RATIO) if ratio is None else ratio) * tau_i,
        tau_i=tau_i,
        theta_e=config["theta_e"],
        theta_i=config["theta_i"],
        e0=config["e0"],
        i0=config["i0"],
        drive_e=config.get("drive_e", DEFAULTS.drive_e),
        drive_i=config.get("drive_i", DEFAULTS.drive_i),
        preset=config["preset"],
        where="the config",
    )


def run_pair(
    params: EIParams,
    graph: Connectome,
    rng: np.random.Generator,
    t_end: float,
    engine: str,
    record_every: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and linear-noise mean field over [0, t_end], at the agents' record times."""
    model = EIModel.from_params(
        params,
        rng=rng,
        engine=engine,
        connectome=graph,
        record_every="auto" if record_every is None else record_every,
    )
    model.run_until(t_end)
    agents = model.rates()
    theory = model.mean_field().linear_noise(times=agents["time"].to_numpy())
    return agents, theory
