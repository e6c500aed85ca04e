"""One network in three simulators: this project, NEST and Brian2, configured identically.

Pieces:
    PeerNetwork: a two-population LIF network as all three simulators are told it
        (neuron type, parameters, sizes, in-degrees, weights, delay, dt, wiring,
        external Poisson drive, timing).
    brunel_network: Brunel's (2000) model A as a PeerNetwork.
    cuba_network, cuba_events_network: Brette et al.'s (2007) benchmarks 2 and 4.
    NETWORKS: the networks an experiment can name.
    SIMULATORS: ``neuroagents``, ``nest``, ``brian2``.
    PeerRun: one run's spikes (neuron, time) and figures (wall times, synapses, memory).
    run_ours: the network in this project (in this process).
    run_peer: the network in NEST or Brian2, in a process of its own.
    measure: a run's E and I rates, mean CV of inter-spike intervals and the spectral
        peak of its population rate.

What is the same in all three (and differs from the peers' own examples): V_reset (NEST's
``brunel_delta_nest.py`` resets to 0 mV, Brunel and Brian2's example to 10 mV), input
during the refractory period discarded for delta synapses, threshold ``V >= V_th``,
input added after the step's integration and before the threshold test, a spike emitted
in the step ending at t arriving in the step ending at t + D, initial potentials uniform
in [V_reset, V_th). What differs and is expected to (each simulator draws its own
network, initial potentials and input from its own generator, so runs are compared as
samples over seeds, never spike by spike):

- the external drive: NEST sends every spike of a Poisson train of rate C_ext ν_ext;
  this project draws Poisson(C_ext ν_ext dt) per neuron and step (the same law); Brian2's
  ``PoissonInput`` draws Binomial(C_ext, ν_ext dt) (variance lower by a factor
  1 − ν_ext dt, 0.2% in Brunel's AI state);
- repeated pairs of the fixed in-degree wiring: merged into one synapse of the summed
  weight here, kept as separate synapses by NEST and Brian2 (the same input);
- precise timing (benchmark 4): this project and NEST (``iaf_psc_delta_ps``) compute
  off-grid spike times; Brian2 has no precise mode and runs on the grid of dt;
- Brian2's refractory period may last one step longer at some absolute times (its issue
  943; this project and NEST count whole steps).

References:
    N. Brunel, J. Comput. Neurosci. 8 (2000) 183–208.
    R. Brette et al., "Simulation of networks of spiking neurons: a review of tools and
    strategies", J. Comput. Neurosci. 23 (2007) 349–398, benchmarks 2 and 4.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from neuroagents.analysis.spikes import firing_rates, isi_cv, population_rate, rate_spectrum
from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.models.spiking.brunel import WIRINGS, BrunelParams, _sources
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.validation import check_choice, check_int, check_real

__all__ = [
    "NETWORKS",
    "SIMULATORS",
    "PeerNetwork",
    "PeerRun",
    "brunel_network",
    "cuba_events_network",
    "cuba_network",
    "measure",
    "run_ours",
    "run_peer",
]

SIMULATORS = ("neuroagents", "nest", "brian2")
WORKERS = Path(__file__).with_name("peer_workers")


@dataclass(frozen=True)
class PeerNetwork:
    """A network of N_E excitatory and N_I inhibitory LIF neurons, for all three simulators.

    Attributes:
        name: a label for tables.
        neuron: ``"iaf_psc_delta"`` (weights in mV) or ``"iaf_psc_exp"`` (weights in pA).
        params: the neurons' parameters (NEST's names).
        n_e, n_i: population sizes; every neuron receives ``c_e`` synapses of weight
            ``w_e`` from E and ``c_i`` of ``w_i`` from I.
        delay: every synapse's delay (ms); dt: the grid step (ms).
        wiring: ``"fixed-indegree"`` (NEST's ``fixed_indegree``) or ``"binomial"``
            (each pair with probability c/N, Brian2's ``connect(p=...)``).
        ext_rate: the external Poisson drive per neuron (Hz, summed over its
            ``ext_inputs`` sources; 0: none), each spike of ``ext_weight``.
        timing: ``"grid"`` or ``"precise"`` (off-grid spike times, delta synapses).
    """

    name: str
    neuron: str
    params: LIFParams
    n_e: int
    n_i: int
    c_e: int
    c_i: int
    w_e: float
    w_i: float
    delay: float
    dt: float = 0.1
    wiring: str = "fixed-indegree"
    ext_rate: float = 0.0
    ext_weight: float = 0.0
    ext_inputs: int = 1
    timing: str = "grid"

    def __post_init__(self) -> None:
        where = "PeerNetwork"
        check_choice("neuron", self.neuron, where, ("iaf_psc_delta", "iaf_psc_exp"))
        check_choice("wiring", self.wiring, where, WIRINGS)
        check_choice("timing", self.timing, where, ("grid", "precise"))
        check_int("n_e", self.n_e, where, low=1)
        check_int("n_i", self.n_i, where, low=1)
        check_int("c_e", self.c_e, where, low=1, high=self.n_e)
        check_int("c_i", self.c_i, where, low=1, high=self.n_i)
        check_int("ext_inputs", self.ext_inputs, where, low=1)
        check_real("dt", self.dt, where, low=0.0, low_open=True)
        check_real("delay", self.delay, where, low=self.dt)
        check_real("ext_rate", self.ext_rate, where, low=0.0)
        if self.timing == "precise" and self.neuron != "iaf_psc_delta":
            raise ValidationError(
                "The 'timing' parameter of PeerNetwork can be 'precise' only for "
                f"neuron='iaf_psc_delta'. Got neuron={self.neuron!r} instead."
            )

    @property
    def n(self) -> int:
        """All neurons, N_E + N_I."""
        return self.n_e + self.n_i

    def to_job(self) -> dict[str, Any]:
        """The network as plain JSON for a worker process."""
        out = asdict(self)
        out["params"] = self.params.to_config()
        return out


def brunel_network(params: BrunelParams, name: str = "brunel") -> PeerNetwork:
    """Brunel's model A (:mod:`~neuroagents.models.spiking.brunel`) as a PeerNetwork.

    Examples:
        >>> net = brunel_network(BrunelParams(N_E=2000, N_I=500))
        >>> net.c_e, net.c_i, net.w_i, net.ext_rate
        (200, 50, -0.5, 20000.0)
    """
    return PeerNetwork(
        name=name, neuron="iaf_psc_delta", params=params.neuron_params(),
        n_e=params.N_E, n_i=params.N_I, c_e=params.C_E, c_i=params.C_I,
        w_e=params.J, w_i=-params.g * params.J, delay=params.D, dt=params.dt,
        wiring=params.wiring, ext_rate=params.C_E * params.nu_ext, ext_weight=params.J,
        ext_inputs=params.C_E,
    )  # fmt: skip


# Brette et al. (2007), appendix: rest above threshold, so the network needs no drive.
BRETTE_NEURON = {"tau_m": 20.0, "C_m": 200.0, "E_L": -49.0, "V_th": -50.0, "V_reset": -60.0,
                 "t_ref": 5.0}  # fmt: skip


def cuba_network(wiring: str = "fixed-indegree", scale: float = 1.0) -> PeerNetwork:
    """Brette et al. (2007) benchmark 2 (CUBA): 3200 E + 800 I, 2%, exponential currents.

    τ_m = 20 ms, C_m = 200 pF, E_L = −49 mV, V_th = −50 mV, V_reset = −60 mV,
    t_ref = 5 ms, τ_syn = 5 ms (E) and 10 ms (I), delay 0.1 ms = dt. Weights: the
    paper's (and Brian2's ``examples/CUBA.py``) 1.62 mV and −9 mV, as current jumps
    w = v C_m / τ_m: 16.2 pA and −90 pA (NEST's ``cuba.py`` has −139.5 pA). ``scale``
    shrinks both populations (in-degrees kept: 64 and 16).

    Examples:
        >>> net = cuba_network()
        >>> net.n, net.c_e, net.c_i, net.w_e, net.w_i
        (4000, 64, 16, 16.2, -90.0)
    """
    n_e, n_i = round(3200 * scale), round(800 * scale)
    return PeerNetwork(
        name="cuba", neuron="iaf_psc_exp",
        params=LIFParams(**BRETTE_NEURON, tau_syn_ex=5.0, tau_syn_in=10.0),
        n_e=n_e, n_i=n_i, c_e=64, c_i=16, w_e=16.2, w_i=-90.0, delay=0.1, dt=0.1,
        wiring=wiring,
    )  # fmt: skip


def cuba_events_network(wiring: str = "fixed-indegree", scale: float = 1.0) -> PeerNetwork:
    """Brette et al. (2007) benchmark 4: voltage jumps of +0.25 and −2.25 mV, off-grid spikes.

    The neurons of benchmark 2 with delta synapses; precise timing (exact threshold
    crossings and spike times); delay 0.125 ms and dt = 0.125 ms as NEST's
    ``cuba_ps.py``. ``scale`` shrinks both populations (in-degrees kept).

    Examples:
        >>> cuba_events_network().timing
        'precise'
    """
    n_e, n_i = round(3200 * scale), round(800 * scale)
    return PeerNetwork(
        name="cuba_events", neuron="iaf_psc_delta", params=LIFParams(**BRETTE_NEURON),
        n_e=n_e, n_i=n_i, c_e=64, c_i=16, w_e=0.25, w_i=-2.25, delay=0.125, dt=0.125,
        wiring=wiring, timing="precise",
    )  # fmt: skip


NETWORKS: dict[str, Callable[..., PeerNetwork]] = {
    "cuba": cuba_network,
    "cuba_events": cuba_events_network,
}
"""Brette's benchmarks by name: ``f(wiring, scale) -> PeerNetwork`` (Brunel's takes params)."""


@dataclass
class PeerRun:
    """One run of a network in one simulator.

    Attributes:
        simulator: ``neuroagents``, ``nest`` or ``brian2``.
        seed: the run's seed (each simulator draws from its own generator).
        spikes: ``neuron`` (0..N−1, E first) and ``time`` (ms, the end of the spike's step
            on the grid, or the exact time).
        meta: wall times (``build_s``, ``run_s``), synapse count, memory, versions.
    """

    simulator: str
    seed: int
    spikes: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def peer_connectome(net: PeerNetwork, rng: np.random.Generator) -> Connectome:
    """The network's wiring drawn as Brunel's (repeated pairs merged into one synapse)."""
    te, se = _sources(rng, net.n, net.n_e, net.c_e, net.wiring)
    ti, si = _sources(rng, net.n, net.n_i, net.c_i, net.wiring)
    data = np.concatenate(
        [np.full(te.size, net.w_e, np.float32), np.full(ti.size, net.w_i, np.float32)]
    )
    rows, cols = np.concatenate([te, ti]), np.concatenate([se, si + net.n_e])
    weights = sp.csr_array((data, (rows, cols)), shape=(net.n, net.n))
    weights.sum_duplicates()
    return Connectome(weights, directed=True, storage="sparse")


def ours_model(net: PeerNetwork, seed: int) -> SpikingModel:
    """The network as a SpikingModel (wiring, potentials and drive from one seed)."""
    wiring_seed, model_seed = np.random.SeedSequence(seed).spawn(2)
    model = SpikingModel(
        peer_connectome(net, np.random.default_rng(wiring_seed)),
        neuron=net.neuron, params=net.params, dt=net.dt, delay=net.delay,
        timing=net.timing, v0="uniform", rng=model_seed,
    )  # fmt: skip
    if net.ext_rate > 0:
        model.add_poisson_input(net.ext_rate, net.ext_weight, name="external")
    return model


def run_ours(net: PeerNetwork, seed: int, warmup: float, duration: float) -> PeerRun:
    """Build and run the network in this project; wall times of build and run apart."""
    t0 = time.perf_counter()
    model = ours_model(net, seed)
    build = time.perf_counter() - t0
    model.run_for(warmup)
    t1 = time.perf_counter()
    model.run_for(duration)
    run = time.perf_counter() - t1
    meta = {
        "build_s": build, "run_s": run, "synapses": int(model.weights.size),
        "bytes_per_synapse": model.bytes_per_synapse,
    }  # fmt: skip
    return PeerRun("neuroagents", seed, model.spikes(), meta)


def run_peer(
    simulator: str,
    net: PeerNetwork,
    seeds: list[int],
    warmup: float,
    duration: float,
    *,
    threads: int = 1,
    target: str = "cython",
    cache_dir: str | None = None,
    timeout: float = 3600.0,
) -> list[PeerRun]:
    """Run the network in NEST or Brian2 for each seed, in a process of their own.

    Args:
        simulator: ``"nest"`` or ``"brian2"``.
        net: the network.
        seeds: one run per seed.
        warmup: ms run before measuring.
        duration: ms measured.
        threads: NEST's threads, or the OpenMP threads of Brian2's ``cpp_standalone``.
        target: Brian2's code generation: ``"numpy"``, ``"cython"``, ``"cpp_standalone"``.
        cache_dir: Brian2's Cython cache or standalone project folder (default: a
            folder in the system's temporary directory).
        timeout: seconds before the worker is stopped.

    Raises:
        ValidationError: an unknown simulator or target.
        RuntimeError: the worker failed (its last output is in the message).
    """
    check_choice("simulator", simulator, "run_peer", ("nest", "brian2"))
    check_choice("target", target, "run_peer", ("numpy", "cython", "cpp_standalone"))
    if cache_dir is None:
        cache_dir = str(Path(tempfile.gettempdir()) / f"neuroagents-brian2-{target}")
    job = {
        "network": net.to_job(), "seeds": [int(s) for s in seeds], "warmup": warmup,
        "duration": duration, "threads": threads, "target": target, "cache_dir": cache_dir,
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.npz"
        done = subprocess.run(
            [sys.executable, str(WORKERS / f"{simulator}_worker.py"), str(out)],
            input=json.dumps(job), capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"The {simulator} worker failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout)[-2000:]}"
            )
        with np.load(out) as data:
            meta = json.loads(str(data["meta"]))
            return [
                PeerRun(
                    simulator,
                    seed,
                    pd.DataFrame({"neuron": data[f"senders_{k}"], "time": data[f"times_{k}"]}),
                    meta[k],
                )
                for k, seed in enumerate(job["seeds"])
            ]


MEASURES = ("rate_e", "rate_i", "cv", "peak_hz")


def measure(run: PeerRun, net: PeerNetwork, start: float, stop: float) -> dict[str, float]:
    """A run's measures over [start, stop) ms.

    ``rate_e``, ``rate_i``: mean rates (Hz) of E and I neurons; ``cv``: the mean CV of
    inter-spike intervals (neurons with >= 3 spikes); ``peak_hz``: the frequency of the
    largest peak (above 2 Hz) of the population rate's power spectrum (0.5 ms bins,
    Welch at 10 Hz resolution).

    Examples:
        >>> net = cuba_network(scale=0.05)
        >>> t = np.arange(0.0, 1000.0, 10.0)  # every neuron at 100 Hz, regularly
        >>> s = pd.DataFrame({"neuron": np.repeat(np.arange(net.n), t.size),
        ...                   "time": np.tile(t, net.n)})
        >>> m = measure(PeerRun("nest", 0, s), net, 0.0, 1000.0)
        >>> m["rate_e"], m["rate_i"], m["cv"]
        (100.0, 100.0, 0.0)
    """
    spikes = run.spikes
    rates = firing_rates(spikes, np.arange(net.n), start, stop)
    rate = population_rate(spikes, net.n, start, stop, bin_ms=0.5)
    _, peak, _ = rate_spectrum(rate, resolution=10.0)
    return {
        "rate_e": float(rates.iloc[: net.n_e].mean()),
        "rate_i": float(rates.iloc[net.n_e :].mean()),
        "cv": float(isi_cv(spikes, start, stop).mean()),
        "peak_hz": float(peak),
    }
