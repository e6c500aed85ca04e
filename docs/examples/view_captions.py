"""Write the numbers docs/view.md quotes from the browser pages' models.

Each page of ``neuroagents view`` runs a model class (``EIView``, ``RateView``,
``TankView``, ``BoltzmannView``, ``MotorView``); the screenshots in docs/figures show
them at their defaults after some Play. This script steps the same classes outside the
browser, with the same seeds, to the times the screenshots show and to the other points
the page text describes, and writes the values the captions print into
``docs/view_captions.json`` (with the commit, and the load average: the one timing in it,
the Boltzmann page's training at load, is measured on whatever machine runs this).
docs/view.md renders them from there.

Run (about a minute):
    .venv/bin/python docs/examples/view_captions.py
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import numpy as np

from neuroagents.io import write_json
from neuroagents.models.boltzmann.view import SWEEPS_PER_STEP, BoltzmannView
from neuroagents.models.ei.view import BAND_SIGMAS, EIView
from neuroagents.models.hopfield_tank import tank_energy
from neuroagents.models.hopfield_tank.view import TankView
from neuroagents.models.motor.view import FREQUENCY, MotorView
from neuroagents.models.rate.view import RateView

DOCS = Path(__file__).resolve().parents[1]
EI_TIME = 146.0  # the screenshot's time (docs/figures/view_ei.png)
EI_SETTLED = 50.0  # the ODE has reached its focus by then (the screenshot's curves)
RATE_TIME = 90.5  # the screenshot's time (docs/figures/view_rate.png)
BOLTZMANN_SAMPLES = 1640  # the screenshot's samples (docs/figures/view_boltzmann.png)
FINE_DT, TANK_EARLY = 2e-6, 4e-4  # a step fine enough for the gain 2/u0 = 100; up to when


def ei() -> dict:
    """The E-I page's agents and ODE band at the screenshot's time, and the stable focus."""
    m = EIView()
    while m.time < EI_TIME - 1e-9:
        m.step()
    agents, ode = m.rates(), m.theory
    now = float(agents["time"].iloc[-1])
    at = ode.iloc[int(np.argmin(np.abs(ode["time"].to_numpy() - now)))]
    stable = m.fixed_points[m.fixed_points["kind"] == "stable focus"].iloc[0]
    out = {"time": now, "focus_e": float(stable["E"]), "focus_i": float(stable["I"]),
           "settled_from": EI_SETTLED}  # fmt: skip
    # the ODE at each record time of the agents (the captions' nearest-time rule)
    nearest = [int(np.argmin(np.abs(ode["time"].to_numpy() - t))) for t in agents["time"]]
    along = ode.iloc[nearest].reset_index(drop=True)
    settled = agents["time"].to_numpy() >= EI_SETTLED
    for pop in ("E", "I"):
        out[pop] = float(agents[pop].iloc[-1])
        out[f"ode_{pop}"] = float(at[pop])
        out[f"band_{pop}"] = float(BAND_SIGMAS * at[f"sd_{pop}"])
        inside = (
            np.abs(agents[pop].to_numpy() - along[pop].to_numpy())
            <= BAND_SIGMAS * along[f"sd_{pop}"].to_numpy()
        )
        out[f"inside_{pop}"] = float(inside[settled].mean())
        out["records"] = int(settled.sum())
    return out


def rate() -> dict:
    """The rate page's default network at the screenshot's time: rms, mean, |dv/dt|."""
    m = RateView()
    while m.time < RATE_TIME - 1e-9:
        m.step()
    v = np.asarray(m.state)
    speed = float(np.linalg.norm(-v + m.rule.targets(m.weights @ v)))
    return {"time": float(m.time), "rms": float(np.sqrt(np.mean(v**2))),
            "mean": float(v.mean()), "speed": speed}  # fmt: skip


def _energies(m: TankView, until: float) -> list[float]:
    """The 1985 energy at the start and after each Step up to time ``until``."""
    out = [float(tank_energy(m.state, m.distances, m.params))]
    while m.running and m.time < until * (1 - 1e-9):
        m.step()
        out.append(float(tank_energy(m.state, m.distances, m.params)))
    return out


def tank() -> dict:
    """The Hopfield-Tank page's default run to its end; the energy at two step sizes."""
    fine = _energies(TankView(seed=0, dt=FINE_DT), TANK_EARLY)
    m = TankView(seed=0)
    coarse = _energies(m, m.t_end)
    decoded = m.decode()
    return {"energy_start": coarse[0], "energy_first_step": coarse[1],
            "fine_energy_early": fine[-1], "fine_early_time": TANK_EARLY,
            "fine_falls_every_step": bool(all(np.diff(fine) < 0)),
            "time": float(m.time), "outcome": decoded["outcome"], "on": int(decoded["on"]),
            "graded": int(decoded["ambiguous"]), "sum_v": float(m.outputs.sum()),
            "energy": float(tank_energy(m.state, m.distances, m.params)),
            "optimum": float(m.optimum)}  # fmt: skip


def boltzmann() -> dict:
    """TV against samples at T = 10 and T = 2; the screenshot's sample count."""
    start = time.perf_counter()
    hot = BoltzmannView(temperature=10.0, seed=0)  # trains the machine, as the page at load
    training_s = time.perf_counter() - start
    shot = {}
    while hot.counts.sum() < 10_000:
        hot.step()
        if hot.counts.sum() == BOLTZMANN_SAMPLES:
            top = int(np.argmax(hot.exact))
            shot = {"tv": hot.total_variation(), "top_exact": float(hot.exact[top]),
                    "top_sampled": float(hot.counts[top] / hot.counts.sum())}  # fmt: skip
    cold = BoltzmannView(temperature=2.0, seed=0)
    for _ in range(10_000 // SWEEPS_PER_STEP):
        cold.step()
    tv = {int(h["samples"]): h["tv"] for h in hot.history}
    # 1/sqrt(samples) from 100 samples on: what TV after 10,000 would be at that pace
    scaled = float(tv[100] * np.sqrt(100 / 10_000))
    return {"tv_100": tv[100], "tv_10000": tv[10_000], "tv_sqrt_scaled": scaled,
            "cold_top_mass": float(cold.exact.max()), "cold_tv_10000": cold.total_variation(),
            "cold_states_visited": int((cold.counts > 0).sum()),
            "training_cycles": int(hot.machine.cycles_), "training_s": training_s,
            "shot": shot}  # fmt: skip


def motor() -> dict:
    """The motor page: the coupled angle at t = 200; condition 0 at the end of the reach."""
    coupled = MotorView(coupling=0.2, seed=0)
    while coupled.time < 200.0 - 1e-9:
        coupled.step()
    now = coupled.plane_coordinates()
    turned_coupled = float(np.angle(complex(*now) / complex(*coupled.start)))
    m = MotorView(seed=0)
    while m.running:
        m.step()
    now = m.plane_coordinates()
    table = m.datacollector.get_model_vars_dataframe()
    last = table[[c for c in table.columns if c.startswith("muscle")]].iloc[-1].to_numpy()
    return {"coupled_turned_200": turned_coupled,
            "theory_200": float((2 * np.pi * FREQUENCY * 200 + np.pi) % (2 * np.pi) - np.pi),
            "time": float(m.time), "turned": float(np.angle(complex(*now) / complex(*m.start))),
            "radius": float(np.hypot(*now) / np.hypot(*m.start)),
            "muscle_min": float(last.min()), "muscle_max": float(last.max())}  # fmt: skip


def main() -> None:
    """Step the five pages' models and write docs/view_captions.json."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    out = {"commit": commit, "load_average_1min": os.getloadavg()[0], "ei": ei(),
           "rate": rate(), "tank": tank(), "boltzmann": boltzmann(), "motor": motor()}  # fmt: skip
    write_json(out, DOCS / "view_captions.json")
    print(out)


if __name__ == "__main__":
    main()
