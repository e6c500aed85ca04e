"""One conductance-based LIF neuron learning from many Poisson inputs (Song 2000, Vogels 2011).

Pieces:
    ConductanceLIF: the neuron's parameters (conductances in units of the leak).
    poisson_trains: input spike steps, independent or in correlated groups (a shared
        "mother" train thinned per input).
    channel_rates: rates of input channels that vary in time (rectified
        Ornstein–Uhlenbeck signals), one row per channel.
    modulated_trains: inhomogeneous Poisson spike steps of inputs that follow their
        channel's rate (thinning, Lewis & Shedler 1979).
    PlasticNeuronRun: what a run returns (the post spikes, weight snapshots, counts).
    LOOP_TEMPLATE: the source of the compiled loop, generated once and cached on disk.
    run_plastic_neuron: the compiled loop: inputs open conductances, the membrane is
        integrated exactly over each step, and the plastic synapses learn through the
        library's own rule step (:func:`neuroagents.sim.spiking.stdp_kernels.plasticity_step`,
        the one SpikingModel uses), with no delays.

The membrane (Song et al. 2000; Vogels et al. 2011), conductances g in units of the leak:

    τ_m dV/dt = (E_L − V) + g_e (E_e − V) + g_i (E_i − V),   τ_e dg_e/dt = −g_e, …

a presynaptic spike adding its weight to g_e or g_i. With g held over a step h, V relaxes
exponentially to V∞ = (E_L + g_e E_e + g_i E_i)/(1 + g_e + g_i) with rate (1 + g_e +
g_i)/τ_m (exponential Euler; the error is O(h/τ_e), h = 0.1 ms, τ_e = 5 ms). Spiking
models of :mod:`neuroagents.sim.spiking` are current-based (NEST's ``iaf_psc_*``); this
neuron exists for these two experiments, whose papers use conductances.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.sim.spiking.stdp import STDP, PlasticSynapses, VogelsSprekeler
from neuroagents.sim.spiking.stdp_kernels import plasticity_step
from neuroagents.sim.type_kernels import load_template
from neuroagents.validation import check_real

__all__ = [
    "ConductanceLIF",
    "PlasticNeuronRun",
    "channel_rates",
    "modulated_trains",
    "poisson_trains",
    "run_plastic_neuron",
]


@dataclass(frozen=True, slots=True)
class ConductanceLIF:
    """A conductance-based LIF neuron (defaults: Song, Miller & Abbott 2000).

    Attributes:
        tau_m: membrane time constant (ms).
        E_L: leak reversal (mV).
        V_th: threshold (mV).
        V_reset: reset (mV).
        t_ref: refractory period (ms).
        E_e: excitatory reversal (mV).
        E_i: inhibitory reversal (mV).
        tau_e: excitatory conductance decay (ms).
        tau_i: inhibitory conductance decay (ms).
    """

    tau_m: float = 20.0
    E_L: float = -70.0
    V_th: float = -54.0
    V_reset: float = -60.0
    t_ref: float = 0.0
    E_e: float = 0.0
    E_i: float = -70.0
    tau_e: float = 5.0
    tau_i: float = 5.0

    def __post_init__(self) -> None:
        where = "ConductanceLIF"
        for name in ("tau_m", "tau_e", "tau_i"):
            check_real(name, getattr(self, name), where, low=0.0, low_open=True)
        check_real("t_ref", self.t_ref, where, low=0.0)
        check_real("V_th", self.V_th, where, low=self.V_reset, low_open=True)

    def v_inf(self, g_e: float, g_i: float) -> float:
        """The potential that constant conductances hold: (E_L + g_e E_e + g_i E_i)/(1 + g_e + g_i).

        Examples:
            >>> round(ConductanceLIF().v_inf(0.6, 0.5), 2)
            -50.0
        """
        return (self.E_L + g_e * self.E_e + g_i * self.E_i) / (1.0 + g_e + g_i)

    def mean_driven_rate(self, g_e: float, g_i: float) -> float:
        """The rate (Hz) under constant conductances, without fluctuations.

        Below threshold (V∞ ≤ V_th) it is 0; above, V relaxes from V_reset towards V∞ with
        τ_m / (1 + g_e + g_i), so the interval is t_ref + τ ln((V∞ − V_reset)/(V∞ − V_th)).
        The mean input of Poisson trains is g = Σ_j w_j ν_j τ_syn.

        Examples:
            >>> round(ConductanceLIF().mean_driven_rate(0.6, 0.5), 1)
            114.6
            >>> ConductanceLIF().mean_driven_rate(0.3, 0.5)
            0.0
        """
        v_inf = self.v_inf(g_e, g_i)
        if v_inf <= self.V_th:
            return 0.0
        tau = self.tau_m / (1.0 + g_e + g_i)
        interval = self.t_ref + tau * math.log((v_inf - self.V_reset) / (v_inf - self.V_th))
        return 1000.0 / interval


def poisson_trains(
    rates: np.ndarray,
    duration: float,
    dt: float,
    rng: np.random.Generator,
    *,
    groups: np.ndarray | None = None,
    correlation: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson spike steps of each input: (steps, input ids), sorted by step.

    Inputs of one group share a mother train of rate r/c, each keeping every mother
    spike with probability c: each input fires at rate r and two inputs of a group have
    spike-count correlation c (Kuhn et al. 2003). Group -1 (or ``groups=None``) is
    independent. At most one spike per input and step.
    """
    n = rates.size
    steps_total = round(duration / dt)
    groups = np.full(n, -1) if groups is None else groups
    out_steps, out_ids = [], []
    for i in np.flatnonzero(groups < 0):
        count = rng.poisson(rates[i] * duration / 1000.0)
        out_steps.append(rng.integers(0, steps_total, count))
        out_ids.append(np.full(count, i))
    for g in np.unique(groups[groups >= 0]):
        members = np.flatnonzero(groups == g)
        r = float(rates[members[0]])
        mother = rng.integers(0, steps_total, rng.poisson(r / correlation * duration / 1000.0))
        for i in members:
            kept = mother[rng.random(mother.size) < correlation]
            out_steps.append(kept)
            out_ids.append(np.full(kept.size, i))
    steps = np.concatenate(out_steps) if out_steps else np.zeros(0, np.int64)
    ids = np.concatenate(out_ids) if out_ids else np.zeros(0, np.int64)
    pairs = np.sort(steps.astype(np.int64) * n + ids)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]  # one spike per input and step
    return pairs // n, pairs % n


def channel_rates(
    channels: int,
    duration: float,
    rng: np.random.Generator,
    *,
    base: float,
    gain: float,
    tau: float = 50.0,
    resolution: float = 1.0,
) -> np.ndarray:
    """Rates (Hz) ``base + gain [x_c(t)]_+`` of independent channels, sampled every ms.

    x_c is an Ornstein–Uhlenbeck signal of unit variance and correlation time ``tau``
    ms, sampled every ``resolution`` ms.
    """
    n = round(duration / resolution)
    a = math.exp(-resolution / tau)
    noise = rng.standard_normal((channels, n)) * math.sqrt(1.0 - a * a)
    x = np.empty((channels, n))
    x[:, 0] = rng.standard_normal(channels)
    for k in range(1, n):
        x[:, k] = a * x[:, k - 1] + noise[:, k]
    return base + gain * np.maximum(x, 0.0)


def modulated_trains(
    channel: np.ndarray,
    rates: np.ndarray,
    resolution: float,
    dt: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Inhomogeneous Poisson inputs: input i fires at rate ``rates[channel[i]](t)``.

    Returns (steps, input ids), sorted by step, at most one spike per input and step.

    Thinning: candidates at the channel's peak rate, each kept with probability
    rate(t) / peak.
    """
    duration = rates.shape[1] * resolution
    steps_total = round(duration / dt)
    out_steps, out_ids = [], []
    for i, c in enumerate(channel):
        peak = float(rates[c].max())
        t = rng.uniform(0.0, duration, rng.poisson(peak * duration / 1000.0))
        keep = rng.random(t.size) * peak < rates[c][(t / resolution).astype(np.int64)]
        out_steps.append(np.minimum((t[keep] / dt).astype(np.int64), steps_total - 1))
        out_ids.append(np.full(int(keep.sum()), i))
    n = channel.size
    pairs = np.sort(np.concatenate(out_steps) * n + np.concatenate(out_ids))
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    return pairs // n, pairs % n


@dataclass
class PlasticNeuronRun:
    """A run of :func:`run_plastic_neuron`.

    Attributes:
        post_steps: the neuron's spike steps.
        snapshot_times: times (ms) of the weight snapshots (the first is the start).
        weights: weights at each snapshot, shape (snapshots, inputs).
        counts: input spikes per synapse within each snapshot interval, shape
            (snapshots - 1, inputs).
        mean_v: the mean membrane potential in each interval (mV).
    """

    post_steps: np.ndarray
    snapshot_times: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    mean_v: np.ndarray

    def rate(self, start: float, stop: float, dt: float) -> float:
        """The output rate (Hz) in [start, stop) ms."""
        t = (self.post_steps + 1) * dt
        return float(np.sum((t > start) & (t <= stop)) / (stop - start) * 1000.0)


# The loop is generated from this template by the library's kernel loader, under a file
# name carrying a hash of the template and of stdp_kernels.py (whose rule step numba
# inlines here), so numba's disk cache serves it in every process and an edit to either
# recompiles it (numba's own cache would check only this file's time stamp).
LOOP_TEMPLATE = '''\
"""The plastic neuron's loop (generated by neuroagents.models.spiking.plastic_neuron)."""
# plasticity_step, np and math are bound before exec.
from numba import njit


@njit(cache=CACHE, nogil=True)
def _run(k0, k1, state, consts, ev_ptr, ev_ids, excitatory, w, plastic, post, spikes, counts):
    """Steps [k0, k1): input conductances, the membrane, the rule; returns post spikes kept."""
    pe, pi, tau_m, e_l, e_e, e_i, v_th, v_reset, n_ref, dt = consts
    spiked = np.empty(post + 1, np.int32)
    n_post = 0
    v_sum = 0.0
    for k in range(k0, k1):
        n_sp = 0
        for q in range(ev_ptr[k], ev_ptr[k + 1]):
            i = ev_ids[q]
            counts[i] += 1
            if excitatory[i]:
                state[1] += w[i]
            else:
                state[2] += w[i]
            spiked[n_sp] = i
            n_sp += 1
        ge, gi = state[1], state[2]
        if state[3] > 0:
            state[3] -= 1
        else:
            g = 1.0 + ge + gi
            v_inf = (e_l + ge * e_e + gi * e_i) / g
            state[0] = v_inf + (state[0] - v_inf) * math.exp(-dt * g / tau_m)
        state[1] = ge * pe
        state[2] = gi * pi
        if state[0] >= v_th:
            state[0] = v_reset
            state[3] = n_ref
            spiked[n_sp] = post
            n_sp += 1
            spikes[n_post] = k
            n_post += 1
        v_sum += state[0]
        plasticity_step(k, spiked, n_sp, w, plastic)
    state[4] = v_sum / max(k1 - k0, 1)
    return n_post
'''


@functools.cache
def _loop() -> Any:
    """The compiled loop (built once per process, cached on disk by numba)."""
    module, _ = load_template(
        LOOP_TEMPLATE,
        (plasticity_step,),
        {"plasticity_step": plasticity_step, "np": np, "math": math},
    )
    return module._run


def run_plastic_neuron(
    neuron: ConductanceLIF,
    events: tuple[np.ndarray, np.ndarray],
    weights: np.ndarray,
    excitatory: np.ndarray,
    rule: STDP | VogelsSprekeler,
    plastic: np.ndarray,
    *,
    duration: float,
    dt: float = 0.1,
    snapshot_every: float = 1000.0,
) -> PlasticNeuronRun:
    """Run the neuron with its inputs for ``duration`` ms, the ``plastic`` synapses learning.

    Args:
        neuron: the neuron's parameters.
        events: (steps, input ids) from :func:`poisson_trains`.
        weights: initial peak conductance of each input's synapse (units of the leak).
        excitatory: True for inputs onto g_e, False onto g_i.
        rule: the plasticity rule.
        plastic: True for the synapses that learn.
        duration: the run (ms).
        dt: the step (ms).
        snapshot_every: the interval between weight snapshots (ms).

    Returns:
        The run's spikes, weight snapshots and input counts.
    """
    n_in = weights.size
    steps_total = round(duration / dt)
    steps, ids = events
    ids = np.asarray(ids, np.int64)
    excitatory = np.asarray(excitatory, np.bool_)
    ev_ptr = np.zeros(steps_total + 1, np.int64)
    np.cumsum(np.bincount(steps, minlength=steps_total)[:steps_total], out=ev_ptr[1:])
    w = np.asarray(weights, np.float64).copy()
    chosen = np.flatnonzero(plastic)
    synapses = PlasticSynapses(
        rule, chosen, chosen, np.full(chosen.size, n_in), np.zeros(chosen.size, np.int64),
        "dendritic", w, n_in + 1, dt,
    )  # fmt: skip
    n_ref = float(round(neuron.t_ref / dt))
    consts = (
        math.exp(-dt / neuron.tau_e), math.exp(-dt / neuron.tau_i), neuron.tau_m, neuron.E_L,
        neuron.E_e, neuron.E_i, neuron.V_th, neuron.V_reset, n_ref, dt,
    )  # fmt: skip
    state = np.array([neuron.E_L, 0.0, 0.0, 0.0, 0.0])
    every = max(1, round(snapshot_every / dt))
    bounds = [*range(0, steps_total, every), steps_total]
    snaps, counts, mean_v, post = [w.copy()], [], [], []
    for k0, k1 in itertools.pairwise(bounds):
        buffer = np.empty(k1 - k0, np.int64)
        count = np.zeros(n_in, np.int64)
        kept = _loop()(
            k0, k1, state, consts, ev_ptr, ids, excitatory,
            w, synapses.arrays, n_in, buffer, count,
        )  # fmt: skip
        post.append(buffer[:kept])
        snaps.append(w.copy())
        counts.append(count)
        mean_v.append(state[4])
    return PlasticNeuronRun(
        post_steps=np.concatenate(post),
        snapshot_times=np.array(bounds) * dt,
        weights=np.array(snaps),
        counts=np.array(counts),
        mean_v=np.array(mean_v),
    )
