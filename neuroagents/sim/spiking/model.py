"""The spiking model: LIF neurons (Mesa agents) on a connectome, spikes delivered after delays.

Its agents are :class:`~neuroagents.sim.spiking.neuron.SpikingNeuron` views.

Pieces:
    SpikingModel: connectome + spiking neuron type (a plug-in from the one registry,
        :mod:`.spike_type`) + per-synapse delays + external input; ``step``,
        ``run_for``, ``run_until``; spikes and voltages as tables; spikes streamed to
        parquet for long runs (``stream_spikes``).

Engines and timing:
    - ``timing="grid"`` (default): time advances in steps of dt; delays are whole steps
      (uint16); spikes go through a ring buffer of float64 per neuron (and receptor) and
      delay slot. ``engine="compiled"`` runs the numba loop generated for the neuron
      type (:mod:`.type_loops`);
      ``engine="agents"`` calls each agent's ``update`` in turn and delivers in Python.
      Both do the same arithmetic in the same order: identical spike trains for a seed.
    - ``timing="precise"`` (``iaf_psc_delta`` only): exact spike times and delays
      (:mod:`neuroagents.sim.spiking.precise`).

Seeding: one ``SeedSequence`` from ``rng``; the initial potentials, the drawn delays and
each Poisson source get their own spawned stream, in the order they are created.
"""

from __future__ import annotations

import functools
import heapq
import math
import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.sim import clock
from neuroagents.sim.lazy_agents import LazyAgentsModel, LazyNeurons
from neuroagents.sim.spiking.build import (
    DelaySpec,
    delays_ms_from,
    initial_v,
    one_delay_steps,
    out_csr,
)
from neuroagents.sim.spiking.delays import (
    SynapticDelays,
    check_delay_kind,
    delays_to_steps,
    min_delay_ok,
)
from neuroagents.sim.spiking.lif import FORCED, FREE, SILENT, LIFParams
from neuroagents.sim.spiking.neuron import SpikingNeuron
from neuroagents.sim.spiking.plastic_rules import model_plasticity
from neuroagents.sim.spiking.poisson import PoissonInput
from neuroagents.sim.spiking.precise import PreciseDelta
from neuroagents.sim.spiking.recording import SpikeRecord, VoltageRecord, grid_times
from neuroagents.sim.spiking.spike_stream import SpikeStream
from neuroagents.sim.spiking.spike_type import SpikingType, spiking_type
from neuroagents.sim.spiking.stdp import PlasticSynapses
from neuroagents.sim.spiking.stdp_kernels import plasticity_step
from neuroagents.sim.spiking.type_loops import NO_SYNAPSE_STATE, grid_loop
from neuroagents.validation import as_generator, check_choice, check_real

__all__ = ["SpikingModel", "SpikingNeuron"]

ENGINES = ("compiled", "agents")
TIMINGS = ("grid", "precise")
CLAMPS = {"spike": FORCED, "silent": SILENT}
# Rows of pre-drawn external input per block (the stream is consumed as step by step).
EXT_BLOCK_CELLS = 1 << 20


class SpikingModel(LazyAgentsModel):
    """Leaky integrate-and-fire neurons on a connectome, with delays and external input.

    Args:
        connectome: a :class:`~neuroagents.Connectome`, a networkx graph or a weight
            matrix ``W[target, source]``; weights are mV jumps (``iaf_psc_delta``) or pA
            current jumps (``iaf_psc_exp``); negative weights are inhibitory.
        neuron: a registered spiking type's name (``"iaf_psc_delta"``,
            ``"iaf_psc_exp"``, or one of yours) or a :class:`SpikingType` instance.
        params: the type's parameters (:class:`LIFParams` or a mapping of its fields for
            the LIF types); None keeps the type's own.
        dt: the grid step (ms).
        delay: transmission delay (ms): one number, one value per synapse in the order
            of :meth:`synapses`, or ``f(rng, n_synapses) -> delays`` (drawn from the
            model's own stream).
        delay_rounding: ``"refuse"`` or ``"round"`` (see :mod:`.delays`).
        delay_kind: ``"dendritic"`` or ``"axonal"`` (for plasticity; see :mod:`.delays`).
        timing: ``"grid"`` or ``"precise"``.
        engine: ``"compiled"`` or ``"agents"`` (grid timing).
        v0: initial potentials: None (E_L), ``"uniform"`` (uniform in [V_reset, V_th)),
            or values in mV, one per neuron.
        rng: a seed, SeedSequence or Generator.
        plasticity: a rule (:class:`~.stdp.STDP`, :class:`~.stdp.VogelsSprekeler`) for
            the ``plastic`` synapses (grid timing); their weights then change as the
            run goes (``model.weights``, :meth:`synapses`), and delivery reads them. Or
            several rules on disjoint sets: a list of ``(rule, synapses)`` pairs, each
            ``synapses`` what ``plastic`` takes (:mod:`.plastic_rules`).
        plastic: which synapses learn: None (all), a boolean mask in the order of
            :meth:`synapses`, or ``(source_nodes, target_nodes)``.

    Examples:
        Two neurons; a 30 mV kick makes neuron 0 fire, and 1.5 ms later neuron 1 feels
        its 5 mV synapse:

        >>> import numpy as np
        >>> W = np.array([[0.0, 0.0], [5.0, 0.0]])  # W[target, source]
        >>> p = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0)
        >>> m = SpikingModel(W, params=p, delay=1.5, rng=0)
        >>> m.neurons[0].v = 25.0
        >>> m.record_voltage([1])
        >>> m.run_for(3.0)
        >>> m.spikes().to_dict("list")
        {'neuron': [0], 'time': [0.1]}
        >>> vt = m.voltages().set_index("time")["v"]
        >>> float(vt.loc[1.5]), float(vt.loc[1.6])
        (0.0, 5.0)
    """

    def __init__(
        self,
        connectome: Any,
        *,
        neuron: str | SpikingType = "iaf_psc_delta",
        params: LIFParams | dict[str, float] | None = None,
        dt: float = 0.1,
        delay: DelaySpec = 1.0,
        delay_rounding: str = "refuse",
        delay_kind: str = "dendritic",
        timing: str = "grid",
        engine: str = "compiled",
        v0: str | np.ndarray | None = None,
        rng: Any = None,
        plasticity: Any = None,
        plastic: Any = None,
    ) -> None:
        from neuroagents.sim.model import as_connectome

        where = "SpikingModel"
        gen = as_generator(rng, where)
        clock.start_model(self, gen)  # mesa.Model.__init__, the same draws on Mesa 3.5 and 4
        clock.take_over(self)
        self._keep: list[Any] = []
        check_choice("timing", timing, where, TIMINGS)
        check_choice("engine", engine, where, ENGINES)
        check_choice("delay_rounding", delay_rounding, where, ("refuse", "round"))
        self.dt = check_real("dt", dt, where, low=0.0, low_open=True)
        neuron_type = spiking_type(neuron, where)
        if params is not None:
            neuron_type = neuron_type.with_params(params)
        if timing == "precise" and neuron_type.name != "iaf_psc_delta":
            raise ValidationError(
                f"The 'timing' parameter of {where} can be 'precise' only for "
                f"neuron='iaf_psc_delta'. Got neuron={neuron_type.name!r} instead."
            )
        self.neuron_type: SpikingType = neuron_type
        #: The LIF parameters (None for a type of another family).
        self.params: LIFParams | None = getattr(neuron_type, "lif", None)
        self.v_rest = neuron_type.v_rest
        self.timing, self.engine = timing, engine
        self.constants = np.zeros(0) if timing == "precise" else neuron_type.step_params(dt)
        self._loop = grid_loop(neuron_type) if timing == "grid" and engine == "compiled" else None
        self._synapse_state = NO_SYNAPSE_STATE  # what the loop's synapse step reads
        self.seed_sequence = np.random.SeedSequence(int(gen.integers(2**63)))
        init_stream, delay_stream = (np.random.default_rng(s) for s in self.seed_sequence.spawn(2))

        self.connectome = as_connectome(connectome)
        self.n = n = self.connectome.n_nodes
        self.indptr, self.targets, self.weights = out_csr(self.connectome)
        self.delay_kind = check_delay_kind(delay_kind)
        steps = one_delay_steps(delay, self.weights.size, dt, delay_rounding)
        delays_ms = None if steps is not None else delays_ms_from(delay, self.weights.size,
                                                                  delay_stream)  # fmt: skip
        if steps is not None and timing == "grid":  # one delay: no float array per synapse
            self.delays = SynapticDelays(steps, dt, delay_kind)
        elif timing == "grid":
            self.delays = SynapticDelays(
                delays_to_steps(delays_ms, dt, delay_rounding), dt, delay_kind
            )
        else:
            delays_ms = delays_ms_from(delay, self.weights.size, delay_stream)
            min_delay_ok(delays_ms, dt)
            self.delays = SynapticDelays(np.rint(delays_ms / dt).astype(np.uint16), dt, delay_kind)
            self._precise_delays = delays_ms
        # A synapse's ring-buffer column is its target's, moved by n for a negative weight
        # with two receptors: read from the weight's sign at delivery, so not stored.
        self._inhibitory = (self.neuron_type.receptors - 1) * n

        self.state = self.neuron_type.new_state(n)
        self.own = tuple(self.state[spec.name] for spec in self.neuron_type.state_arrays)
        self.state["v"][:] = initial_v(v0, self.neuron_type, n, init_stream)
        self.i_e = np.full(n, self.params.I_e if self.params is not None else 0.0)
        self.clamp = np.zeros(n, np.int8)
        self.ring = np.zeros((self.delays.max_steps + 1, self.neuron_type.receptors * n))
        self.poisson_inputs: list[PoissonInput] = []
        self._ext = np.zeros((0, self.ring.shape[1]))
        self._ext_row = 0
        self._ext_start = 0  # the step the block's first row belongs to
        self._trains: list[tuple[np.ndarray, np.ndarray, float]] = []
        self.steps_done = 0
        clock.set_time(self, 0.0)
        self.record = SpikeRecord(n, dt)
        self._stream: SpikeStream | None = None
        self._voltage = VoltageRecord(np.zeros(0, np.int64))
        self._precise = PreciseDelta(self, delays_ms) if timing == "precise" else None
        self.neurons = LazyNeurons(self, SpikingNeuron, n)  # made when first read (lazy_agents)
        #: The plastic synapses: one rule's, or a tuple of them (a list of pairs given).
        self.plasticity: PlasticSynapses | tuple[PlasticSynapses, ...] | None = None
        self.plastic_sets: tuple[PlasticSynapses, ...] = ()  #: every rule's, in order
        if plasticity is not None:
            rules = model_plasticity(self, plasticity, plastic)  # weights: the model's own
            self.plasticity, self.plastic_sets = rules.public, rules.sets
            self._synapse_state = rules.state
            if self._loop is not None:  # the grid loop with the synapses' own step
                self._loop = grid_loop(neuron_type, rules.step)

    # ------------------------------------------------------------------ inputs
    def _indices(self, neurons: Iterable[Hashable] | None, what: str) -> np.ndarray:
        if neurons is None:
            return np.arange(self.n)
        index = self.connectome.index
        out = []
        for node in neurons:
            if node not in index:
                raise ValidationError(
                    f"The '{what}' parameter names node {node!r}, which is not in the connectome."
                )
            out.append(index[node])
        return np.asarray(out, np.int64)

    def add_poisson_input(
        self,
        rate: float,
        weight: float,
        *,
        neurons: Iterable[Hashable] | None = None,
        name: str | None = None,
    ) -> PoissonInput:
        """Give each of ``neurons`` (default: all) its own Poisson train of ``rate`` Hz.

        Each source draws from its own stream spawned from the model's seed. An
        inhibitory (negative) weight goes to the inhibitory receptor of ``iaf_psc_exp``.
        """
        check_real("rate", rate, "add_poisson_input", low=0.0)
        check_real("weight", weight, "add_poisson_input")
        # All neurons: arange is unique and sorted already (np.unique of 10^6 took 2 s).
        targets = (
            np.arange(self.n) if neurons is None else np.unique(self._indices(neurons, "neurons"))
        )
        stream = np.random.default_rng(self.seed_sequence.spawn(1)[0])
        src = PoissonInput(
            name or f"poisson{len(self.poisson_inputs)}", targets, rate, weight, stream
        )
        self.poisson_inputs.append(src)
        self._ext_row = self._ext.shape[0]  # redraw from the next step on
        return src

    def add_spike_train(
        self, times: Iterable[float], weight: float, *, neurons: Iterable[Hashable] | None = None
    ) -> None:
        """Input spikes of ``weight`` that reach each of ``neurons`` (default: all) at ``times``.

        ``times`` (ms) are arrival times, after the current time; with grid timing each
        must be a whole number of steps (the input acts in the step ending then), with
        precise timing any time. Like NEST's ``spike_generator`` behind a delay.
        """
        where = "add_spike_train"
        check_real("weight", weight, where)
        t = np.asarray(list(times), dtype=np.float64)
        targets = self._indices(neurons, "neurons")
        if t.size and (not np.all(np.isfinite(t)) or t.min() <= self.time):
            raise ValidationError(
                f"The 'times' parameter of {where} must be finite and after the current time "
                f"{self.time:g} ms. Got {t.min():g} ms."
            )
        if self._precise is not None:
            for time in t.tolist():
                for i in targets.tolist():
                    heapq.heappush(self._precise.heap, (time, -2, i, float(weight)))
            return
        steps = np.rint(t / self.dt).astype(np.int64)
        off = ~np.isclose(steps * self.dt, t, rtol=1e-9, atol=1e-9)
        if off.any():
            raise ValidationError(
                f"The 'times' parameter of {where} must be whole numbers of steps of dt = "
                f"{self.dt:g} ms with grid timing. Got {t[off][0]:g} ms."
            )
        train = (steps - 1, self.ports_of(targets, weight), float(weight))
        self._trains.append(train)
        rows = self._ext.shape[0]
        if rows:  # the block already drawn covers steps [start, start + rows)
            self._add_train(self._ext, self._ext_start, train, first_row=self._ext_row)

    @staticmethod
    def _add_train(
        block: np.ndarray, start: int, train: tuple[np.ndarray, np.ndarray, float], first_row: int
    ) -> None:
        steps, cols, weight = train
        rows = steps - start
        for row in rows[(rows >= first_row) & (rows < block.shape[0])].tolist():
            block[row, cols] += weight

    def set_current(self, value: float, neurons: Iterable[Hashable] | None = None) -> None:
        """Inject a constant current ``value`` (pA) into ``neurons`` (default: all)."""
        self.i_e[self._indices(neurons, "neurons")] = check_real("value", value, "set_current")

    def clamp_neurons(self, neurons: Iterable[Hashable], mode: str) -> None:
        """Force ``neurons`` to spike (``"spike"``) or hold them silent (``"silent"``).

        A neuron forced to spike fires on every step it is not refractory; a silent one
        is held at V_reset and its input discarded. :meth:`unclamp` frees them.
        """
        check_choice("mode", mode, "clamp_neurons", tuple(CLAMPS))
        if mode == "spike" and self.timing == "precise" and self.params.t_ref <= 0:
            raise ValidationError(
                "A neuron forced to spike with precise timing needs t_ref > 0 (it would "
                f"fire infinitely often). Got t_ref={self.params.t_ref:g}."
            )
        self.clamp[self._indices(neurons, "neurons")] = CLAMPS[mode]

    def unclamp(self, neurons: Iterable[Hashable] | None = None) -> None:
        """Free ``neurons`` (default: all) from their clamps."""
        self.clamp[self._indices(neurons, "neurons")] = FREE

    def record_voltage(self, neurons: Iterable[Hashable]) -> None:
        """Record the membrane potential of ``neurons`` at the end of every step from now on."""
        self._voltage = VoltageRecord(self._indices(neurons, "neurons"))

    def schedule_at(self, time: float, fn: Callable[[], Any]) -> None:
        """Call ``fn()`` once at ``time`` ms (before the step starting then), keeping it alive.

        Mesa's ``schedule_event`` holds callbacks by weak reference (a lambda would be
        collected and never fire); this holds ``fn`` for the model's lifetime.
        """
        check_real("time", time, "schedule_at", low=self.time)
        clock.schedule_at(self, functools.partial(fn), time, self._keep)  # Mesa refuses lambdas

    # ------------------------------------------------------------------ running
    def step(self) -> None:
        """Advance one step of dt."""
        self._run_steps_with_events(self.steps_done + 1)

    def run_for(self, duration: float) -> None:
        """Run for ``duration`` ms (a whole number of steps)."""
        check_real("duration", duration, "run_for", low=0.0)
        self.run_until(self.time + duration)

    def run_until(self, end_time: float) -> None:
        """Run until ``model.time`` is ``end_time`` ms (a whole number of steps of dt).

        Mesa events scheduled with ``schedule_event`` fire at the start of the step
        whose start time is at or after their time.
        """
        check_real("end_time", end_time, "run_until", low=self.time)
        target = round(end_time / self.dt)
        if not math.isclose(target * self.dt, end_time, rel_tol=1e-9, abs_tol=1e-9):
            raise ValidationError(
                f"The 'end_time' parameter of run_until must be a whole number of steps of "
                f"dt = {self.dt:g} ms. Got {end_time:g} ms."
            )
        self._run_steps_with_events(target)

    def _run_steps_with_events(self, target: int) -> None:
        while self.steps_done < target:
            t_event = clock.next_event_time(self)
            if t_event is not None and t_event <= self.time + 1e-9 * self.dt:
                clock.fire_next_event(self)
                continue
            stop = target
            if t_event is not None:
                stop = min(target, max(self.steps_done + 1, math.ceil(t_event / self.dt - 1e-9)))
            self._run_steps(stop - self.steps_done)

    def _run_steps(self, count: int) -> None:
        if self._precise is not None:
            self._run_precise(count)
            return
        while count > 0:
            rows = self._ensure_external(count)
            probes = self._voltage.indices
            out = np.empty((rows, probes.size))
            k0 = self.steps_done
            if self._loop is not None:
                done, self.record.count = self._loop(
                    k0, rows, self.neuron_type.receptors, self.constants, self.own, self.i_e,
                    self.clamp, self.ring, self._ext, self._ext_row, self.indptr, self.targets,
                    self.weights, self.delays.steps, self.record.steps, self.record.ids,
                    self.record.count, probes, out, self._synapse_state,
                )  # fmt: skip
            else:
                done = self._run_agents(k0, rows, out)
            self._voltage.add(
                grid_times(np.arange(k0, k0 + done) + 1, self.dt), out[:done] + self.v_rest
            )
            self._ext_row += done
            self.steps_done += done
            clock.set_time(self, self.steps_done * self.dt)
            count -= done
            streaming = self._stream is not None
            if streaming and (done < rows or self.record.count >= self._stream.chunk):
                self._flush_stream()  # memory keeps at most one buffer of spikes
            elif done < rows:
                self.record.grow()

    def _ensure_external(self, count: int) -> int:
        """Rows of pre-drawn external input ready (drawing a block if needed)."""
        if not self.poisson_inputs and not self._trains:
            self._ext = np.zeros((0, self.ring.shape[1]))
            return count
        if self._ext_row >= self._ext.shape[0]:
            rows = max(1, EXT_BLOCK_CELLS // self.ring.shape[1])
            block = np.zeros((rows, self.ring.shape[1]))
            for src in self.poisson_inputs:
                src.add_to(block, self.ports_of(src.targets, src.weight), self.dt)
            for train in self._trains:
                self._add_train(block, self.steps_done, train, first_row=0)
            self._ext, self._ext_row, self._ext_start = block, 0, self.steps_done
        return min(count, self._ext.shape[0] - self._ext_row)

    def ports_of(self, targets: np.ndarray, weight: float) -> np.ndarray:
        """Ring-buffer columns of ``targets`` for an input of ``weight`` (receptor by sign)."""
        if self.neuron_type.receptors == 2 and weight < 0:
            return targets + self.n
        return targets

    def _run_agents(self, k0: int, rows: int, out: np.ndarray) -> int:
        """The agents engine: each agent's reference update, Python delivery."""
        n, n_slots = self.n, self.ring.shape[0]
        receptors = self.neuron_type.receptors
        probes = self._voltage.indices
        for s in range(rows):
            if self.record.count + n > self.record.ids.size:
                return s
            k = k0 + s
            row = self.ring[k % n_slots]
            x = row + self._ext[self._ext_row + s] if self._ext.shape[0] else row.copy()
            row[:] = 0.0
            x = x.reshape(receptors, n)
            spiked = [a.index for a in self.neurons if a.update(x)]
            c = self.record.count
            self.record.steps[c : c + len(spiked)] = k
            self.record.ids[c : c + len(spiked)] = spiked
            self.record.count += len(spiked)
            out[s] = self.state["v"][probes]
            for rule_set in self.plastic_sets:  # the synapses' compiled step, as the grid loop's
                plasticity_step(
                    k, np.array(spiked, np.int32), len(spiked), self.weights, rule_set.arrays
                )
            for j in spiked:
                for e in range(self.indptr[j], self.indptr[j + 1]):
                    w = self.weights[e]
                    column = int(self.targets[e]) + (self._inhibitory if w < 0 else 0)
                    self.ring[(k + int(self.delays.steps[e])) % n_slots, column] += w
        return rows

    def _run_precise(self, count: int) -> None:
        for _ in range(count):
            t0 = self.steps_done * self.dt
            t1 = (self.steps_done + 1) * self.dt
            spikes = self._precise.run_step(t0, t1)
            if spikes:
                times, ids = zip(*spikes, strict=True)
                self.record.add_exact(np.array(times), np.array(ids))
            probes = self._voltage.indices
            if probes.size:
                v = self._precise.voltages(probes, t1) + self.v_rest
                self._voltage.add(np.array([t1]), v[None, :])
            self.steps_done += 1
            clock.set_time(self, self.steps_done * self.dt)
        if self._stream is not None:
            self._flush_stream()

    # ------------------------------------------------------------------ outputs
    def spikes(self) -> pd.DataFrame:
        """Every spike so far as a tidy table: ``neuron`` (node id), ``time`` (ms).

        Raises:
            ValidationError: while spikes stream to a file (:meth:`stream_spikes`).
        """
        if self._stream is not None:
            raise ValidationError(
                f"The spikes are streaming to {str(self._stream.target)!r}; "
                "close_spike_stream() finishes that file (read it with pandas.read_parquet)."
            )
        return self.record.to_frame(self.connectome.node_ids)

    def stream_spikes(self, path: str | os.PathLike[str], *, chunk: int = 1_000_000) -> None:
        """Stream spikes to a parquet file from now on, keeping at most ``chunk`` in memory.

        The spikes recorded so far go first; the file (the table :meth:`spikes` would
        give) appears at ``path`` on :meth:`close_spike_stream`, and memory is freed as
        the run goes. A file at ``path`` that this library did not write is refused.
        """
        if self._stream is not None:
            raise ValidationError(
                f"Spikes already stream to {str(self._stream.target)!r}; close that first."
            )
        self._stream = SpikeStream(path, self.connectome.node_ids, chunk)
        self._flush_stream()

    def close_spike_stream(self) -> Path:
        """Write what remains, finish the file and move it into place; its path."""
        if self._stream is None:
            raise ValidationError("No spike stream is open (see stream_spikes).")
        self._flush_stream()
        path, self._stream = self._stream.close(), None
        return path

    def _flush_stream(self) -> None:
        ids, times = self.record.arrays()
        self._stream.write(ids, times)
        self.record.clear()

    def spikes_to_parquet(self, path: str) -> None:
        """Write :meth:`spikes` to a parquet file (atomically)."""
        self.spikes()  # refuses while streaming: the table would be partial
        self.record.to_parquet(path, self.connectome.node_ids)

    def voltages(self) -> pd.DataFrame:
        """Recorded membrane potentials: ``time`` (ms), ``neuron`` (node id), ``v`` (mV)."""
        return self._voltage.to_frame(self.connectome.node_ids)

    def synapses(self) -> pd.DataFrame:
        """Every synapse in the model's order: ``source``, ``target``, ``weight``, ``delay``."""
        ids = np.asarray(self.connectome.node_ids, dtype=object)
        sources = np.repeat(np.arange(self.n), np.diff(self.indptr))
        delay = self._precise_delays if self.timing == "precise" else self.delays.ms
        return pd.DataFrame(
            {
                "source": ids[sources],
                "target": ids[self.targets.astype(np.int64)],
                "weight": self.weights.astype(np.float64),
                "delay": delay,
            }
        ).infer_objects()

    @property
    def bytes_per_synapse(self) -> float:
        """Memory of the synapse arrays the engine reads per synapse (row pointers included).

        Target (uint32), weight (float32, float64 under plasticity) and delay (uint16 steps)
        a synapse, plus the row pointers shared by a neuron's synapses; the receptor of
        ``iaf_psc_exp`` is the weight's sign, not an array.
        """
        m = max(self.weights.size, 1)
        arrays = self.targets.nbytes + self.weights.nbytes + self.delays.steps.nbytes
        return (arrays + self.indptr.nbytes) / m
