"""Feed-forward inhibition: the lecture's RGC -> TC, RGC -> LIN -> TC, and its integration window.

Pieces:
    FeedforwardParams: the circuit's parameters (membrane, weights, delays), validated once.
    feedforward_graph: the circuit as a networkx DiGraph: two input fibers (``RGC1``,
        ``RGC2``) each exciting the principal neuron (``TC``, the thalamocortical relay
        cell; the CA1 pyramidal cell of Pouille & Scanziani) and a local interneuron
        (``LIN``) that inhibits ``TC`` after a delay.
    feedforward_model: a SpikingModel of the circuit (``iaf_psc_delta``, precise spike
        times) with a volley on each fiber, ``interval`` ms apart.
    pair_fires, single_volley_fires: does ``TC`` fire for a pair of volleys, for one?
    WindowMeasurement, integration_window: the largest interval at which the pair still
        makes ``TC`` fire, by a coarse scan and bisection on exact spike times.
    window_theory, critical_inhibition: the same window in closed form.

The circuit. Each fiber is a neuron made to fire once, at its volley, by a suprathreshold
kick (a ``spike_generator``). A volley makes V of ``TC`` (measured from rest) jump by J
and makes ``LIN`` fire (its input is suprathreshold), whose spike reaches ``TC`` as a
jump of −g ``inh_delay`` ms after the direct EPSP (fiber -> TC and fiber -> LIN have
the same delay). Between inputs V decays with τ_m. Without inhibition two EPSPs Δt apart
reach threshold θ when J e^{−Δt/τ} + J ≥ θ, so the integration window is

    W_0 = τ ln(J / (θ − J))        (J in (θ/2, θ): one volley alone stays below θ).

With the inhibitory path (lag d, strength g), V just before the second EPSP is
J e^{−Δt/τ} for Δt < d and (J − g e^{d/τ}) e^{−Δt/τ} for Δt > d, so the pair fires for
Δt < min(d, W_0) and for d < Δt <= W_1 = τ ln((J − g e^{d/τ}) / (θ − J)):

    W = max(min(d, W_0), W_1)      (W_1 = −inf when J − g e^{d/τ} <= θ − J).

Inhibition of at least g* = J e^{−d/τ} − (θ − J) cuts the window to the lag d itself:
the second input must arrive before the first volley's inhibition does. The interneuron's
second spike (from the second volley) arrives d after the second EPSP, too late to
change whether ``TC`` fires; with delta synapses ``TC`` can fire only at an input's
arrival, so the window does not depend on the grid step (precise timing).

References:
    F. Pouille, M. Scanziani, "Enforcement of temporal fidelity in pyramidal cells by
    somatic feed-forward inhibition", Science 293 (2001) 1159–1163.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.params import ConfigParams
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.validation import check_int, check_real

__all__ = [
    "FIBERS",
    "ONSET",
    "FeedforwardParams",
    "WindowMeasurement",
    "critical_inhibition",
    "feedforward_graph",
    "feedforward_model",
    "integration_window",
    "pair_fires",
    "single_volley_fires",
    "window_theory",
]

FIBERS = ("RGC1", "RGC2")
ONSET = 1.0
"""Time (ms) at which the first fiber fires (input times must be after time 0)."""
# The interneuron's input and the fibers' kicks, in units of θ: twice threshold makes
# each fire at the instant its input arrives, whatever V was.
RELAY = 2.0


@dataclass(frozen=True)
class FeedforwardParams(ConfigParams):
    """Parameters of the feed-forward inhibition circuit (mV from rest, ms).

    Attributes:
        tau_m: membrane time constant of every neuron (ms), > 0.
        theta: threshold above rest (mV), > 0; the resting potential is 0.
        v_reset: reset potential (mV), below theta.
        t_ref: refractory period (ms), >= 0.
        j_exc: EPSP of one volley at TC (mV), in (theta/2, theta): a pair of
            coincident volleys fires TC, one volley alone does not.
        inh_strength: IPSP at TC from one LIN spike (mV, a jump of −inh_strength), >= 0;
            0 leaves out the inhibitory synapse (the circuit without inhibition).
        inh_delay: LIN -> TC delay (ms): how long the IPSP lags the direct EPSP, >= dt.
        exc_delay: fiber -> TC and fiber -> LIN delay (ms), >= dt.
        dt: grid step (ms) of the precise-time engine; it only cuts time into steps
            (the window does not depend on it), and no delay may be shorter.

    Examples:
        >>> FeedforwardParams(j_exc=25.0)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 'j_exc' parameter of FeedforwardParams must be ...
    """

    tau_m: float = 20.0
    theta: float = 20.0
    v_reset: float = 10.0
    t_ref: float = 2.0
    j_exc: float = 13.0
    inh_strength: float = 0.0
    inh_delay: float = 1.0
    exc_delay: float = 1.0
    dt: float = 0.1

    def __post_init__(self) -> None:
        where = "FeedforwardParams"
        check_real("tau_m", self.tau_m, where, low=0.0, low_open=True)
        check_real("theta", self.theta, where, low=0.0, low_open=True)
        check_real("v_reset", self.v_reset, where, high=self.theta, high_open=True)
        check_real("t_ref", self.t_ref, where, low=0.0)
        check_real(
            "j_exc",
            self.j_exc,
            where,
            low=self.theta / 2,
            high=self.theta,
            low_open=True,
            high_open=True,
        )
        check_real("inh_strength", self.inh_strength, where, low=0.0)
        check_real("dt", self.dt, where, low=0.0, low_open=True)
        check_real("inh_delay", self.inh_delay, where, low=self.dt)
        check_real("exc_delay", self.exc_delay, where, low=self.dt)

    @property
    def lif(self) -> LIFParams:
        """The neurons' LIF parameters (rest at 0 mV, no injected current)."""
        return LIFParams(
            tau_m=self.tau_m, E_L=0.0, V_th=self.theta, V_reset=self.v_reset, t_ref=self.t_ref
        )


def feedforward_graph(params: FeedforwardParams) -> nx.DiGraph:
    """The circuit: RGC1, RGC2 -> TC (J) and -> LIN (suprathreshold); LIN -> TC (−g).

    Nodes carry ``role`` (``"input fiber"``, ``"interneuron"``, ``"principal"``); edges
    carry ``weight`` (mV) and ``delay`` (ms). Without inhibition (``inh_strength`` 0)
    the LIN -> TC edge is absent.

    Examples:
        >>> g = feedforward_graph(FeedforwardParams(inh_strength=8.0, inh_delay=1.5))
        >>> sorted(g.edges(data="weight"))
        [('LIN', 'TC', -8.0), ('RGC1', 'LIN', 40.0), ('RGC1', 'TC', 13.0), ('RGC2', 'LIN', 40.0), ('RGC2', 'TC', 13.0)]
    """  # noqa: E501
    g = nx.DiGraph()
    for fiber in FIBERS:
        g.add_node(fiber, role="input fiber")
    g.add_node("LIN", role="interneuron")
    g.add_node("TC", role="principal")
    for fiber in FIBERS:
        g.add_edge(fiber, "TC", weight=params.j_exc, delay=params.exc_delay)
        g.add_edge(fiber, "LIN", weight=RELAY * params.theta, delay=params.exc_delay)
    if params.inh_strength > 0:
        g.add_edge("LIN", "TC", weight=-params.inh_strength, delay=params.inh_delay)
    return g


def _synapse_delays(graph: nx.DiGraph, connectome: Connectome) -> np.ndarray:
    """The edges' delays in the model's synapse order (by source, then target index)."""
    index = connectome.index
    edges = sorted(graph.edges(data="delay"), key=lambda e: (index[e[0]], index[e[1]]))
    return np.array([d for _, _, d in edges], dtype=np.float64)


def feedforward_model(
    params: FeedforwardParams, interval: float | None, *, record: bool = False
) -> SpikingModel:
    """The circuit with RGC1 firing at :data:`ONSET` and RGC2 ``interval`` ms later.

    Args:
        params: the circuit.
        interval: ms between the volleys (>= 0); None: RGC1's volley alone.
        record: record TC's membrane potential at every step.

    Returns:
        A :class:`~neuroagents.sim.spiking.SpikingModel` at time 0, not yet run.

    Raises:
        ValidationError: ``interval`` negative or not finite.
    """
    if interval is not None:
        check_real("interval", interval, "feedforward_model", low=0.0)
    graph = feedforward_graph(params)
    # float64 weights: the closed form uses exactly the weights the engine adds.
    connectome = Connectome.from_networkx(graph, weight_dtype="float64")
    model = SpikingModel(
        connectome,
        params=params.lif,
        dt=params.dt,
        delay=_synapse_delays(graph, connectome),
        timing="precise",
        rng=0,  # nothing is random in this circuit
    )
    kick = RELAY * params.theta
    model.add_spike_train([ONSET], kick, neurons=[FIBERS[0]])
    if interval is not None:
        model.add_spike_train([ONSET + interval], kick, neurons=[FIBERS[1]])
    if record:
        model.record_voltage(["TC"])
    return model


def _end_time(params: FeedforwardParams, interval: float) -> float:
    """A grid time after every input that can reach TC (the last: LIN's second IPSP)."""
    last = ONSET + interval + params.exc_delay + params.inh_delay
    return math.ceil(last / params.dt + 1.0) * params.dt


def pair_fires(params: FeedforwardParams, interval: float) -> bool:
    """Whether TC fires when the two volleys come ``interval`` ms apart.

    Examples:
        >>> p = FeedforwardParams()  # W_0 = 20 ln(13/7) = 12.38 ms
        >>> pair_fires(p, 12.3), pair_fires(p, 12.5)
        (True, False)
    """
    model = feedforward_model(params, interval)
    model.run_until(_end_time(params, interval))
    return bool((model.spikes()["neuron"] == "TC").any())


def single_volley_fires(params: FeedforwardParams) -> bool:
    """Whether TC fires after RGC1's volley alone (it must not: J < θ).

    Examples:
        >>> single_volley_fires(FeedforwardParams(inh_strength=5.0))
        False
    """
    model = feedforward_model(params, None)
    model.run_until(_end_time(params, 0.0))
    return bool((model.spikes()["neuron"] == "TC").any())


@dataclass(frozen=True)
class WindowMeasurement:
    """The integration window as measured.

    Attributes:
        window: the largest interval (ms) found at which the pair fires TC; the true
            supremum lies in [window, window + tol).
        tol: the bisection's final bracket (ms).
        evaluations: runs of the circuit it took.
        contiguous: whether the scan found the firing intervals to be one interval
            [0, window] at its resolution (the closed form says they are).
    """

    window: float
    tol: float
    evaluations: int
    contiguous: bool


def integration_window(
    params: FeedforwardParams,
    *,
    tol: float = 1e-4,
    scan_points: int = 16,
    horizon: float | None = None,
) -> WindowMeasurement:
    """The largest interval Δt at which a pair of volleys still makes TC fire.

    A scan at ``scan_points`` intervals evenly spaced in [0, horizon] brackets the end
    of the first run of firing intervals; bisection on the circuit's exact spike times
    narrows the bracket to ``tol``. The scan also checks that no firing interval lies
    beyond a silent one (``contiguous``).

    Args:
        params: the circuit.
        tol: width (ms) of the final bracket, > 0.
        scan_points: intervals in the scan, >= 2.
        horizon: the longest interval tried (ms); default 10 τ_m + the inhibitory delay.

    Returns:
        The measurement; ``window`` is 0 if even coincident volleys fail to fire TC.

    Raises:
        ValidationError: a bad ``tol``, ``scan_points`` or ``horizon``, or a pair that
            still fires at ``horizon`` (the window is longer: raise the horizon).

    Examples:
        >>> m = integration_window(FeedforwardParams(), tol=1e-3)
        >>> abs(m.window - window_theory(FeedforwardParams())) < 1e-3
        True
    """
    where = "integration_window"
    check_real("tol", tol, where, low=0.0, low_open=True)
    check_int("scan_points", scan_points, where, low=2)
    if horizon is None:
        horizon = 10.0 * params.tau_m + params.inh_delay
    check_real("horizon", horizon, where, low=0.0, low_open=True)
    grid = np.linspace(0.0, horizon, scan_points)
    fires = [pair_fires(params, float(t)) for t in grid]
    evaluations = len(grid)
    if fires[-1]:
        raise ValidationError(
            f"The 'horizon' parameter of {where} must exceed the integration window: the "
            f"pair still fires TC at {horizon:g} ms. Got horizon={horizon:g}."
        )
    if not fires[0]:
        return WindowMeasurement(0.0, tol, evaluations, contiguous=not any(fires))
    first_silent = fires.index(False)
    contiguous = not any(fires[first_silent:])
    lo, hi = float(grid[first_silent - 1]), float(grid[first_silent])
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        evaluations += 1
        if pair_fires(params, mid):
            lo = mid
        else:
            hi = mid
    return WindowMeasurement(lo, hi - lo, evaluations, contiguous)


def window_theory(params: FeedforwardParams) -> float:
    """The integration window in closed form (module docstring): max(min(d, W_0), W_1).

    Examples:
        >>> round(window_theory(FeedforwardParams()), 4)  # 20 ln(13/7)
        12.3808
        >>> window_theory(FeedforwardParams(inh_strength=13.0, inh_delay=1.5))
        1.5
    """
    tau, theta, j = params.tau_m, params.theta, params.j_exc
    w0 = tau * math.log(j / (theta - j))
    if params.inh_strength == 0:
        return w0
    d, g = params.inh_delay, params.inh_strength
    residual = j - g * math.exp(d / tau)
    w1 = tau * math.log(residual / (theta - j)) if residual > theta - j else -math.inf
    return max(min(d, w0), w1)


def critical_inhibition(params: FeedforwardParams) -> float:
    """g* = J e^{−d/τ} − (θ − J): the weakest IPSP that cuts the window to the lag d.

    Examples:
        >>> round(critical_inhibition(FeedforwardParams(inh_delay=1.0)), 4)
        5.366
    """
    j, theta = params.j_exc, params.theta
    return j * math.exp(-params.inh_delay / params.tau_m) - (theta - j)
