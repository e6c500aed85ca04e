"""The Boltzmann page: Glauber sampling of a trained 4-2-4 encoder, against the exact law.

Pieces:
    BoltzmannView: trains a 4-2-4 encoder (Ackley, Hinton & Sejnowski 1985) with
        ``models/boltzmann``'s rule and schedule, then runs it free as Glauber neurons
        (:func:`~neuroagents.models.boltzmann.machine_model`) at a temperature T,
        counting the visible states it visits.
    MODEL_PARAMS: the controls (T, training cycles, seed).
    page: the page (``neuroagents view boltzmann``).

Shown: the ten units (V1 | V2 | H) now; the sampled frequency of the most probable
visible states beside their exact probability (the machine's Boltzmann distribution
summed over the hidden units, by enumerating its 2^10 states); and the total variation
distance between the two against the number of samples.

Run configs of the ``boltzmann`` experiments are not opened by this page (they train
RBMs on digits or many encoders); ``neuroagents view boltzmann`` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import solara
from mesa.visualization import SolaraViz

from neuroagents.connectome.connectome import Connectome
from neuroagents.models.boltzmann import (
    boltzmann_distribution,
    encoder_machine,
    encoder_patterns,
    is_perfect,
    to_ising,
)
from neuroagents.plots import new_figure
from neuroagents.sim.model import NeuralModel
from neuroagents.sim.rules import Glauber
from neuroagents.validation import as_generator, check_int, check_real
from neuroagents.viz.components import Plot, controls, lines_figure, start_values

__all__ = ["MODEL_PARAMS", "BoltzmannView", "page"]

N_IO, N_HIDDEN = 4, 2
N_VISIBLE = 2 * N_IO
SWEEPS_PER_STEP = 10  # Glauber sweeps per Step, one sample after each
SHOWN_STATES = 8  # the most probable visible states drawn as bars
CHECK_EVERY = 50  # training cycles between checks for a perfect code


def visible_index(states01: np.ndarray) -> np.ndarray:
    """The visible part of 0/1 states as integers (unit i is bit i, as ``all_states``).

    Examples:
        >>> visible_index(np.array([[1, 0, 0, 0, 1, 0, 0, 0, 1, 1]])).tolist()
        [17]
    """
    bits = np.asarray(states01)[..., :N_VISIBLE].astype(np.int64)
    return bits @ (1 << np.arange(N_VISIBLE))


class BoltzmannView(NeuralModel):
    """A trained 4-2-4 encoder sampled freely by Glauber neurons at temperature T.

    Training: ``cycles`` learning cycles at most (stopping at the first perfect code,
    checked every 50), weight decay 0.01, 4 chains. Sampling: asynchronous Glauber
    updates (``async-site``) of ±1 neurons with the machine's weights mapped by
    :func:`~neuroagents.models.boltzmann.to_ising`, which have the same distribution
    (what :func:`~neuroagents.models.boltzmann.machine_model` builds).
    Each step runs ``SWEEPS_PER_STEP`` sweeps and counts the visible state after each.

    Args:
        temperature: the sampling temperature T.
        cycles: the most training cycles (0: an untrained machine, all weights 0).
        seed: seed of the training and of the sampling.

    Examples:
        >>> m = BoltzmannView(temperature=10.0, cycles=0, seed=0)
        >>> float(m.exact.max()) == 1 / 256   # untrained: every visible state equally likely
        True
        >>> m.step(); int(m.counts.sum())
        10
    """

    def __init__(self, temperature: float = 10.0, cycles: int = 2000, seed: int = 0) -> None:
        check_real("temperature", temperature, "BoltzmannView", low=0, low_open=True)
        check_int("cycles", cycles, "BoltzmannView", low=0)
        train_rng, sample_rng = as_generator(seed, "BoltzmannView").spawn(2)
        machine = encoder_machine(N_IO, N_HIDDEN, chains=4, decay=0.01, random_state=train_rng)
        patterns = encoder_patterns(N_IO)
        while machine.cycles_ < cycles and not (machine.cycles_ and is_perfect(machine, N_IO)):
            machine.fit(patterns, min(CHECK_EVERY, cycles - machine.cycles_))
        self.machine, self.temperature = machine, temperature
        self.perfect = bool(machine.cycles_) and is_perfect(machine, N_IO)
        states, p = boltzmann_distribution(machine.weights_, machine.bias_, temperature)
        self.exact = np.bincount(visible_index(states), weights=p, minlength=2**N_VISIBLE)
        self.counts = np.zeros(2**N_VISIBLE)
        self.history: list[dict[str, float]] = []
        J, theta = to_ising(machine.weights_, machine.bias_)  # as machine_model does
        super().__init__(
            Connectome.from_matrix(J, weight_dtype="float64"),
            rule=Glauber(temperature),
            scheduler="async-site",
            threshold=theta,
            rng=sample_rng,
            record_every=None,
        )

    def visible_now(self) -> int:
        """The current visible state as an integer."""
        return int(visible_index((np.asarray(self.state) + 1) / 2))

    def total_variation(self) -> float:
        """½ Σ |sampled frequency − exact probability| over the 256 visible states."""
        total = self.counts.sum()
        return 0.5 * float(np.abs(self.counts / max(total, 1) - self.exact).sum())

    def step(self) -> None:
        """``SWEEPS_PER_STEP`` sweeps, one sample of the visible state after each."""
        for _ in range(SWEEPS_PER_STEP):
            self.run_for(1)
            self.counts[self.visible_now()] += 1
        self.history.append({"samples": float(self.counts.sum()), "tv": self.total_variation()})


def _states_text(bits: np.ndarray) -> str:
    return "".join(str(int(b)) for b in bits)


def UnitsPanel(model: BoltzmannView) -> Any:
    """The ten units now: V1 | V2 | H (black = on)."""
    bits = (np.asarray(model.state) + 1) / 2
    fig, axes = new_figure(1, 1, size=(5.0, 1.6))
    ax = axes[0, 0]
    ax.imshow(bits[None, :], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    for edge in (N_IO - 0.5, N_VISIBLE - 0.5):
        ax.axvline(edge, color="C3", lw=2)
    ax.set_xticks([1.5, 5.5, 8.5], ["V1 (input)", "V2 (output)", "H"])
    ax.set_yticks([])
    samples = int(model.counts.sum())
    trained = f"trained {model.machine.cycles_} cycles" + (
        ", perfect code" if model.perfect else ""
    )
    ax.set_title(f"units after {samples} samples ({trained})", fontsize=9)
    text = (f"V1 = {_states_text(bits[:N_IO])}, V2 = {_states_text(bits[N_IO:N_VISIBLE])}, "
            f"H = {_states_text(bits[N_VISIBLE:])} after {samples} samples")  # fmt: skip
    return Plot(fig, text)


def DistributionPlot(model: BoltzmannView) -> Any:
    """Sampled frequency against exact probability of the most probable visible states."""
    top = np.argsort(model.exact)[::-1][:SHOWN_STATES]
    total = max(model.counts.sum(), 1.0)
    fig, axes = new_figure(1, 1, size=(5.0, 2.8))
    ax = axes[0, 0]
    x = np.arange(len(top))
    ax.bar(x - 0.2, model.exact[top], width=0.4, color="0.6", label="exact")
    ax.bar(x + 0.2, model.counts[top] / total, width=0.4, color="C0", label="sampled")
    labels = [_states_text((k >> np.arange(N_VISIBLE)) & 1) for k in top]
    ax.set_xticks(x, labels, rotation=45, fontsize=7)
    ax.set_ylabel("P(v)")
    ax.set_title(f"visible states at T = {model.temperature:g}: exact vs sampled", fontsize=10)
    ax.legend(fontsize=7)
    first = int(top[0])
    return Plot(
        fig,
        f"P({labels[0]}) exact {model.exact[first]:.4f}, sampled "
        f"{model.counts[first] / total:.4f} ({int(model.counts.sum())} samples)",
    )


def DistancePlot(model: BoltzmannView) -> Any:
    """The total variation distance to the exact distribution against the samples."""
    table = pd.DataFrame(model.history or [{"samples": 0.0, "tv": 1.0}])
    fig = lines_figure(table, ["tv"], title="total variation distance to the exact P(v)",
                       xlabel="samples", ylabel="TV", x="samples")  # fmt: skip
    return Plot(fig, f"TV = {model.total_variation():.4f} after {int(model.counts.sum())} samples")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "temperature": {"type": "SliderFloat", "value": 10.0, "min": 1.0, "max": 30.0, "step": 0.5,
                    "label": "temperature T"},
    "cycles": {"type": "Select", "value": 2000, "values": [0, 100, 500, 2000],
               "label": "training cycles (at most)"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
}  # fmt: skip


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The Boltzmann page: the units, sampled against exact P(v), and their distance.

    Args:
        params: starting values (``temperature``, ``cycles``, ``seed``).
    """
    model_params = controls(MODEL_PARAMS, params or {})
    start = start_values(model_params)
    model = solara.use_memo(lambda: BoltzmannView(**start), [])
    return SolaraViz(
        model,
        components=[UnitsPanel, DistributionPlot, DistancePlot],
        model_params=model_params,
        name="Boltzmann machine: Glauber sampling",
    )
