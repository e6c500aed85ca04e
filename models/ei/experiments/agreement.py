"""Agents against the mean field at several settings, GT at T + 1/2 and at T.

Pieces:
    AGREEMENT_SETTINGS: the settings (changes to the config's parameters), by name.
    agreement_experiment: agents beside the ODE at each setting, in units of the
        finite-size noise.
    AGREEMENT: the experiment ``agreement``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.models.ei.experiments.headlines import agreement_headlines
from neuroagents.models.ei.experiments.parameters import base_params, network_params, run_pair
from neuroagents.models.ei.figures import agreement_figure
from neuroagents.models.ei.mean_field import MeanField
from neuroagents.models.ei.measures import agreement, classify_outcome, run_duration
from neuroagents.models.ei.network import build_connectome
from neuroagents.runner.experiment import Experiment, ExperimentParams, ExperimentResult, Param

__all__ = ["AGREEMENT", "AGREEMENT_SETTINGS", "agreement_experiment"]


AGREEMENT_SETTINGS: dict[str, dict[str, Any]] = {
    "lecture-example": {"tau_ratio": 20.0},
    "runaway": {"tau_ratio": 1.0},
    "slow-inhibition": {"tau_ratio": 40.0, "e0": 0.1},
    "denser": {"p": 0.1, "theta_e": 40.0, "theta_i": 60.0, "tau_ratio": 20.0},
    "driven": {"theta_e": 30.0, "drive_e": 10.0, "e0": 0.05, "tau_ratio": 20.0},
    "lecture-preset": {"preset": "lecture", "i0": 0.5, "e0": 0.1, "tau_ratio": 5.0},
    "small-n": {"n_e": 1600, "n_i": 400, "p": 0.25, "tau_ratio": 40.0},
}
"""Named settings of the ``agreement`` experiment: changes to the lecture's example."""


def agreement_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Agents against the mean field at several settings, GT with and without the correction.

    Each setting (see :data:`AGREEMENT_SETTINGS`) is run once as agents and compared
    with the ODE in units of its finite-size noise (:func:`agreement`), for GT with
    the continuity-corrected threshold and with T as printed; the stationary part
    (last half) is compared with the stable fixed point it settles at.
    """
    rows, courses = [], []
    for name in config.settings:
        if name not in AGREEMENT_SETTINGS:
            raise ValidationError(
                f"params.settings must name settings among {sorted(AGREEMENT_SETTINGS)}. "
                f"Got {name!r}."
            )
        changes = dict(AGREEMENT_SETTINGS[name])
        ratio = changes.pop("tau_ratio")
        params = base_params(config, ratio).replace(**changes)
        graph = build_connectome(params, rng.spawn(1)[0])
        t_end = run_duration(params, config.duration)
        agents, _ = run_pair(params, graph, rng.spawn(1)[0], t_end, config.engine)
        courses.append(agents.assign(setting=name, source="agents"))
        times = agents["time"].to_numpy()
        late = agents["time"] >= t_end / 2
        for continuity in (True, False):
            mf = MeanField(params, continuity=continuity)
            theory = mf.linear_noise(times=times)
            label = "ode" if continuity else "ode-uncorrected"
            courses.append(theory.assign(setting=name, source=label))
            end = theory.iloc[-1]
            rows.append(
                {
                    "setting": name,
                    "n_e": params.n_e,
                    "n_i": params.n_i,
                    "p": params.p,
                    "tau_ratio": ratio,
                    "preset": params.connectivity.name,
                    "continuity": continuity,
                    "outcome_agents": classify_outcome(agents.E, agents.I),
                    "outcome_ode": classify_outcome(theory.E, theory.I),
                    **agreement(agents, theory, params),
                    "E_agents_late": float(agents.E[late].mean()),
                    "I_agents_late": float(agents.I[late].mean()),
                    "E_ode_end": float(end.E),
                    "I_ode_end": float(end.I),
                    "sd_E_end": float(end.sd_E),
                    "sd_I_end": float(end.sd_I),
                }
            )
    table = pd.DataFrame(rows)
    courses_table = pd.concat(courses, ignore_index=True)
    return ExperimentResult(
        table=table,
        summary=_agreement_summary(table),
        figures={"agreement": partial(agreement_figure, courses_table, config)},
        tables={"timecourses": courses_table},
    )


def _agreement_summary(table: pd.DataFrame) -> str:
    lines = [
        "Agents vs mean field; z = (agents − ODE) / sigma_LNA(t), the finite-size sd of "
        "the linear noise approximation (about 1/sqrt(n)). If the agents are the ODE plus "
        "finite-size noise, RMS z is about 1.",
        f"{'setting':<16} {'GT threshold':<14} {'outcome':<10} {'RMS z E':>8} {'RMS z I':>8} "
        f"{'RMS dE':>8} {'RMS dI':>8} {'E late':>8} {'E ODE':>8} {'sd E':>8}",
    ]
    for r in table.itertuples():
        lines.append(
            f"{r.setting:<16} {'T + 1/2' if r.continuity else 'T':<14} {r.outcome_agents:<10} "
            f"{r.rms_z_E:8.2f} {r.rms_z_I:8.2f} {r.rms_E:8.4f} {r.rms_I:8.4f} "
            f"{r.E_agents_late:8.4f} {r.E_ode_end:8.4f} {r.sd_E_end:8.4f}"
        )
    both = table.pivot(index="setting", columns="continuity", values="rms_z_E")
    better = int((both[True] < 0.95 * both[False]).sum())
    worse = int((both[True] > 1.05 * both[False]).sum())
    lines.append(
        f"GT at T + 1/2 fits E better (RMS z lower by > 5%) in {better} of {len(both)} "
        f"settings, worse in {worse}, about as well in the rest."
    )
    return "\n".join(lines)


AGREEMENT = Experiment(
    name="agreement",
    description="agents vs mean field at several settings, GT at T + 1/2 and at T",
    params=network_params(
        settings=Param(list(AGREEMENT_SETTINGS), "names from AGREEMENT_SETTINGS"),
    ),
    run=agreement_experiment,
    headlines=agreement_headlines,
    quick={
        "n_e": 1600,
        "n_i": 400,
        "p": 0.25,
        "settings": ["runaway", "small-n"],
        "duration": 8.0,
    },
)
