"""Feed-forward inhibition with synaptic currents: the window when PSPs rise and decay.

Pieces:
    psp_kernel: V(t) of a passive membrane after a current jump of 1 pA decaying with τ_s.
    CurrentsCircuit: the circuit's inputs at TC as exponential currents (EPSP and IPSP
        given by their peak in mV), the synaptic time constant and the grid.
    current_pair_fires: does TC (``iaf_psc_exp``, grid timing) fire for a pair of volleys?
    current_window: the integration window on the grid (resolution dt), by bisection.
    peak_potential, current_window_theory: the same from the kernels in continuous time.

With delta synapses (:mod:`.feedforward`) an EPSP is a jump, and strong inhibition makes
the window exactly the inhibitory lag d. Real EPSPs rise over a millisecond or so; here
each volley reaches TC as an excitatory current w_E e^{−t/τ_s} at its arrival and, d ms
later, the interneuron's inhibitory current −w_I e^{−t/τ_s}. A current w from t = 0 gives

    V(t) = w K(t),   K(t) = τ_m τ_s / (C_m (τ_m − τ_s)) (e^{−t/τ_m} − e^{−t/τ_s})

(t e^{−t/τ}/C_m when τ_s = τ_m), whose peak is at t_p = τ_m τ_s ln(τ_m/τ_s)/(τ_m − τ_s);
the weights are chosen so that the peaks are J and g mV. The window is the largest Δt at
which max_t Σ_k w_k K(t − t_k) reaches θ. Between arrivals V = a e^{−u/τ_m} + b e^{−u/τ_s},
whose maximum is at a segment end or at u* = ln(−b τ_m / (a τ_s)) / (1/τ_s − 1/τ_m), so
the theory computes it exactly (:func:`peak_potential`) and bisects on Δt in continuous
time. The simulation (``iaf_psc_exp``, exact propagators, inputs at grid times) samples the
same V at the grid points, so its window is a multiple of dt, at most dt below the
theory's (plus what sampling the peak at grid points misses, far below dt).

Here the interneuron is not simulated: its spike is placed d after each volley's arrival
(the delta-synapse circuit shows that it fires for every volley), and TC is the only
neuron, so the fibers' and interneuron's own currents cannot make them fire twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.spiking.feedforward import ONSET
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.validation import check_real

__all__ = [
    "CurrentsCircuit",
    "current_pair_fires",
    "current_window",
    "current_window_theory",
    "peak_potential",
    "psp_kernel",
]

C_M = 250.0  # pF; V scales as w / C_m, and the weights are set from the peak in mV


def psp_kernel(t: np.ndarray | float, tau_m: float, tau_s: float, c_m: float = C_M) -> np.ndarray:
    """V (mV) at ``t`` ms after a current of 1 pA starts and decays with ``tau_s``.

    Examples:
        >>> k = psp_kernel(np.array([0.0, 1.0, 50.0]), 20.0, 2.0)
        >>> k[0], bool(k[1] > 0), bool(k[2] < k[1])
        (np.float64(0.0), True, True)
    """
    t = np.maximum(np.asarray(t, dtype=np.float64), 0.0)
    if math.isclose(tau_m, tau_s, rel_tol=1e-10):
        return t * np.exp(-t / tau_m) / c_m
    scale = tau_m * tau_s / (c_m * (tau_m - tau_s))
    return scale * (np.exp(-t / tau_m) - np.exp(-t / tau_s))


def _peak_time(tau_m: float, tau_s: float) -> float:
    """When :func:`psp_kernel` peaks (ms)."""
    if math.isclose(tau_m, tau_s, rel_tol=1e-10):
        return tau_m
    return tau_m * tau_s * math.log(tau_m / tau_s) / (tau_m - tau_s)


@dataclass(frozen=True)
class CurrentsCircuit:
    """TC's inputs as exponential synaptic currents (mV, ms).

    Attributes:
        tau_m: membrane time constant (ms), > 0.
        theta: threshold above rest (mV), > 0.
        j_exc: peak EPSP of one volley (mV), in (theta/2, theta).
        inh_strength: peak IPSP of the interneuron's spike (mV), >= 0 (0: none).
        inh_delay: lag of the inhibitory current behind the excitatory one (ms), a
            whole number of steps, >= 0.
        tau_syn: decay of both synaptic currents (ms), > 0.
        dt: the grid step (ms), > 0: the window's resolution.
        v_reset, t_ref: TC's reset (mV) and refractory period (ms).
    """

    tau_m: float = 20.0
    theta: float = 20.0
    j_exc: float = 13.0
    inh_strength: float = 0.0
    inh_delay: float = 1.0
    tau_syn: float = 2.0
    dt: float = 0.01
    v_reset: float = 10.0
    t_ref: float = 2.0

    def __post_init__(self) -> None:
        where = "CurrentsCircuit"
        check_real("tau_m", self.tau_m, where, low=0.0, low_open=True)
        check_real("theta", self.theta, where, low=0.0, low_open=True)
        check_real(
            "j_exc", self.j_exc, where, low=self.theta / 2, high=self.theta,
            low_open=True, high_open=True,
        )  # fmt: skip
        check_real("inh_strength", self.inh_strength, where, low=0.0)
        check_real("tau_syn", self.tau_syn, where, low=0.0, low_open=True)
        check_real("dt", self.dt, where, low=0.0, low_open=True)
        check_real("inh_delay", self.inh_delay, where, low=0.0)
        check_real("v_reset", self.v_reset, where, high=self.theta, high_open=True)
        check_real("t_ref", self.t_ref, where, low=0.0)
        steps = self.inh_delay / self.dt
        if not math.isclose(steps, round(steps), rel_tol=1e-9, abs_tol=1e-9):
            raise ValidationError(
                f"The 'inh_delay' parameter of {where} must be a whole number of steps "
                f"dt = {self.dt:g} ms. Got {self.inh_delay:g} ms instead."
            )

    @property
    def unit_peak(self) -> float:
        """Peak of the PSP of 1 pA (mV)."""
        return float(psp_kernel(_peak_time(self.tau_m, self.tau_syn), self.tau_m, self.tau_syn))

    @property
    def weights(self) -> tuple[float, float]:
        """(w_E, w_I) in pA: the currents whose PSPs peak at j_exc and inh_strength mV."""
        return self.j_exc / self.unit_peak, self.inh_strength / self.unit_peak

    def arrivals(self, interval: float) -> list[tuple[float, float]]:
        """(time from the first EPSC in ms, weight in pA) of every current reaching TC."""
        w_e, w_i = self.weights
        events = [(0.0, w_e), (interval, w_e)]
        if self.inh_strength > 0:
            events += [(self.inh_delay, -w_i), (interval + self.inh_delay, -w_i)]
        return sorted(events)

    @property
    def settle(self) -> float:
        """Time after the last input by which V has peaked and decays (ms)."""
        return 5.0 * max(self.tau_m, self.tau_syn) + _peak_time(self.tau_m, self.tau_syn)


def peak_potential(circuit: CurrentsCircuit, interval: float) -> float:
    """max_t V(t) of a passive TC for a pair ``interval`` ms apart (continuous time, exact).

    Examples:
        >>> c = CurrentsCircuit()
        >>> round(peak_potential(c, 0.0), 9)  # coincident volleys: twice one peak
        26.0
    """
    tau_m, tau_s = circuit.tau_m, circuit.tau_syn
    events = circuit.arrivals(interval)
    times = np.array([t for t, _ in events])
    weights = np.array([w for _, w in events])
    ends = [*times[1:].tolist(), times[-1] + circuit.settle]
    best = 0.0
    for k, (start, end) in enumerate(zip(times.tolist(), ends, strict=True)):
        past = times[: k + 1]
        w = weights[: k + 1]
        candidates = [start, end]
        if not math.isclose(tau_m, tau_s, rel_tol=1e-10):
            scale = tau_m * tau_s / (C_M * (tau_m - tau_s))
            a = scale * float(np.sum(w * np.exp(-(start - past) / tau_m)))
            b = -scale * float(np.sum(w * np.exp(-(start - past) / tau_s)))
            ratio = -b * tau_m / (a * tau_s) if a != 0 else -1.0
            if ratio > 0:
                u = math.log(ratio) / (1.0 / tau_s - 1.0 / tau_m)
                if 0.0 < u < end - start:
                    candidates.append(start + u)
        else:  # same time constants: sample the segment finely (never used by default)
            candidates += np.linspace(start, end, 2001).tolist()
        v = [float(np.sum(w * psp_kernel(t - past, tau_m, tau_s))) for t in candidates]
        best = max(best, *v)
    return best


def current_window_theory(circuit: CurrentsCircuit, *, tol: float = 1e-9) -> float:
    """The window in continuous time: the largest Δt with max_t V >= θ (bisection).

    The firing intervals are taken to be [0, W]: a scan every 0.05 τ_m up to
    10 τ_m + d finds the first silent interval, and bisection narrows it to ``tol``.

    Examples:
        >>> c = CurrentsCircuit(inh_strength=13.0, tau_syn=0.5)
        >>> round(current_window_theory(c), 3)  # fast currents, strong inhibition 1 ms late
        0.578
    """
    horizon = 10.0 * circuit.tau_m + circuit.inh_delay
    grid = np.arange(0.0, horizon, 0.05 * circuit.tau_m)
    fires = [peak_potential(circuit, float(t)) >= circuit.theta for t in grid]
    if not fires[0]:
        return 0.0
    if all(fires):
        raise ValidationError(
            f"The pair still fires TC {horizon:g} ms apart; the window is longer than the "
            "theory's horizon."
        )
    k = fires.index(False)
    lo, hi = float(grid[k - 1]), float(grid[k])
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if peak_potential(circuit, mid) >= circuit.theta:
            lo = mid
        else:
            hi = mid
    return lo


def current_pair_fires(circuit: CurrentsCircuit, steps: int) -> bool:
    """Whether TC (``iaf_psc_exp`` on the grid) fires for volleys ``steps`` steps apart."""
    graph = nx.DiGraph()
    graph.add_node("TC")
    params = LIFParams(
        tau_m=circuit.tau_m, C_m=C_M, E_L=0.0, V_th=circuit.theta, V_reset=circuit.v_reset,
        t_ref=circuit.t_ref, tau_syn_ex=circuit.tau_syn, tau_syn_in=circuit.tau_syn,
    )  # fmt: skip
    model = SpikingModel(graph, neuron="iaf_psc_exp", params=params, dt=circuit.dt, rng=0)
    interval = steps * circuit.dt
    onset = round(ONSET / circuit.dt)
    for t, w in circuit.arrivals(interval):
        model.add_spike_train([(onset + round(t / circuit.dt)) * circuit.dt], w, neurons=["TC"])
    last = onset + steps + round(circuit.inh_delay / circuit.dt)
    model.run_until((last + math.ceil(circuit.settle / circuit.dt)) * circuit.dt)
    return len(model.spikes()) > 0


def current_window(circuit: CurrentsCircuit) -> float:
    """The window on the grid: the largest Δt = k dt at which TC fires (bisection on k).

    Like the theory, it takes the firing intervals to be [0, W]; 0 if even coincident
    volleys do not fire TC (inhibition that cuts the first EPSP before its peak).

    Examples:
        >>> c = CurrentsCircuit(inh_strength=13.0, tau_syn=0.5)
        >>> w = current_window(c)
        >>> 0 <= current_window_theory(c) - w <= c.dt
        True
    """
    dt = circuit.dt
    if not current_pair_fires(circuit, 0):
        return 0.0
    hi = max(1, math.ceil(circuit.tau_m / dt))
    while current_pair_fires(circuit, hi):  # grow the bracket (the window is finite)
        hi *= 2
        if hi * dt > 20.0 * circuit.tau_m + circuit.inh_delay:
            raise ValidationError("The pair still fires TC 20 tau_m apart; no window found.")
    lo = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if current_pair_fires(circuit, mid):
            lo = mid
        else:
            hi = mid
    return lo * dt
