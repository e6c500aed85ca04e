"""The neural model: a ``mesa.Model`` wiring connectome, rule, scheduler, engine, recorder.

Pieces:
    NeuralModel: owns the state arrays and the rng; ``step``, ``run_for``,
        ``run_until``, ``run_until_stable``; ``datacollector``.
    StabilityReport: what ``run_until_stable`` found (fixed point, 2-cycle, or neither).

Time: for the discrete schedulers one step is one sweep (n single-neuron updates, or
one synchronous round) and ``model.time`` equals ``model.steps``. For ``"poisson"``
time is continuous and ``step()`` advances it by 1.0. Events scheduled with Mesa's
``model.schedule_event`` still fire, in time order with the neurons' own updates
(between steps for the discrete schedulers).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import mesa
import networkx as nx
import numpy as np
import scipy.sparse as sp
from tqdm.auto import tqdm

from neuroagents import kernels
from neuroagents.connectome import Connectome
from neuroagents.engines import AgentEngine, make_engine
from neuroagents.errors import ValidationError
from neuroagents.neuron import Neuron
from neuroagents.record import AgentReporter, ModelReporter, Recorder
from neuroagents.rules import Rule, make_rule
from neuroagents.schedulers import make_scheduler
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["NeuralModel", "StabilityReport", "as_connectome"]

NodeValues = float | Sequence[float] | np.ndarray | Mapping[Hashable, float]


@dataclass(frozen=True, slots=True)
class StabilityReport:
    """Outcome of :meth:`NeuralModel.run_until_stable`.

    Attributes:
        converged: a fixed point was reached (no neuron would change).
        cycle_length: 1 for a fixed point, 2 for a synchronous 2-cycle, 0 if neither
            was reached within the budget.
        steps: steps (sweeps) run by this call.
        time: model time at the end.
    """

    converged: bool
    cycle_length: int
    steps: int
    time: float

    def __str__(self) -> str:
        steps = f"{self.steps} step{'' if self.steps == 1 else 's'}"
        if self.converged:
            return f"fixed point after {steps}"
        if self.cycle_length == 2:
            return f"2-cycle detected after {steps} (synchronous dynamics)"
        return f"not stable after {steps}"


def as_connectome(connectome: Any) -> Connectome:
    """Accept a Connectome, a networkx graph, or a dense / scipy.sparse weight matrix."""
    if isinstance(connectome, Connectome):
        return connectome
    if isinstance(connectome, nx.Graph):
        return Connectome.from_networkx(connectome)
    if isinstance(connectome, np.ndarray) or sp.issparse(connectome):
        return Connectome.from_matrix(connectome)
    raise ValidationError(
        "The 'connectome' parameter must be a Connectome, a networkx graph or a weight "
        f"matrix. Got {type(connectome).__name__} instead."
    )


class NeuralModel(mesa.Model):
    """Neurons (Mesa agents) on a connectome, updated by a rule in a scheduler's order.

    Args:
        connectome: a :class:`Connectome`, a networkx graph, or a weight matrix
            ``W[target, source]``.
        rule: ``"sign"`` (±1 Hopfield), ``"threshold"`` (0/1), ``"glauber"`` (±1 at
            temperature T) or a :class:`~neuroagents.rules.Rule`.
        temperature: T for ``"glauber"``.
        scheduler: ``"sync"``, ``"async-sweep"``, ``"async-site"``, ``"fixed-order"``
            or ``"poisson"`` (see :mod:`neuroagents.schedulers`).
        engine: ``"compiled"`` (numba, built-in rules) or ``"agents"`` (each
            ``Neuron.update()`` in turn; any rule).
        neuron_class: the Neuron subclass to create, one per node.
        state: initial states (default: uniformly random valid states).
        threshold: a number, a per-population mapping or per-neuron values (default:
            the node attribute ``threshold``, else 0).
        drive: external input added to every neuron's synaptic input (default 0).
        tau: clock time constant, as for ``threshold`` (default: node attribute
            ``tau``, else 1). Only the ``"poisson"`` scheduler reads it.
        rng: seed, SeedSequence or Generator; one seed gives one trajectory.
        record_every: record every this many steps (time units), or None not to record.
        model_reporters: extra model columns (see :class:`~neuroagents.record.Recorder`).
        agent_reporters: per-neuron columns, e.g. ``{"state": "state"}``.
        stream_to: directory to stream recorded parquet parts to.

    Examples:
        >>> import numpy as np
        >>> import neuroagents as na
        >>> W = np.array([[0, 1, -1], [1, 0, 1], [-1, 1, 0]], dtype=float)
        >>> m = na.NeuralModel(W, rule="sign", scheduler="async-sweep", rng=0)
        >>> m.set_state([1, -1, 1])
        >>> report = m.run_until_stable(max_sweeps=10)
        >>> report.converged, m.count_unhappy()
        (True, 0)
    """

    default_model_reporters: ClassVar[dict[str, ModelReporter]] = {}

    def __init__(
        self,
        connectome: Connectome | nx.Graph | np.ndarray | sp.sparray,
        *,
        rule: str | Rule = "sign",
        temperature: float | None = None,
        scheduler: str = "async-sweep",
        engine: str = "compiled",
        neuron_class: type[Neuron] = Neuron,
        state: Sequence[float] | np.ndarray | None = None,
        threshold: NodeValues | None = None,
        drive: NodeValues | None = None,
        tau: NodeValues | None = None,
        rng: Any = None,
        record_every: float | None = 1,
        model_reporters: Mapping[str, ModelReporter] | None = None,
        agent_reporters: Mapping[str, AgentReporter] | None = None,
        stream_to: str | None = None,
    ) -> None:
        where = type(self).__name__
        super().__init__(rng=as_generator(rng, where))
        # neuroagents keeps its own clock (see _advance); Mesa's per-step event goes.
        self._default_schedule.stop()
        self._event_list.compact()
        del self.step

        self.connectome = as_connectome(connectome)
        self.n = self.connectome.n_nodes
        self.rule = make_rule(rule, temperature)
        self.engine = make_engine(engine)
        if not issubclass(neuron_class, Neuron):
            raise ValidationError(
                f"The 'neuron_class' parameter of {where} must be a subclass of "
                f"neuroagents.Neuron. Got {neuron_class!r} instead."
            )
        custom_update = neuron_class.update is not Neuron.update
        if not isinstance(self.engine, AgentEngine) and (custom_update or self.rule.code is None):
            raise ValidationError(
                f"The compiled engine runs only the built-in rules; {where} got a custom "
                "update() or rule. Pass engine='agents' to run it."
            )
        self._custom_update = custom_update or self.rule.code is None

        attrs = self.connectome.node_attrs
        labels = attrs.get("population")
        self.population: np.ndarray = (
            np.full(self.n, "all", dtype=object) if labels is None else labels
        )
        self._threshold = self._node_values("threshold", threshold, 0.0, where)
        self._drive = self._node_values("drive", drive, 0.0, where)
        self.tau = self._node_values("tau", tau, 1.0, where)
        if np.any(self.tau <= 0):
            i = int(np.argmax(self.tau <= 0))
            raise ValidationError(
                f"The 'tau' parameter of {where} must be > 0 for every neuron. Got "
                f"{self.tau[i]} for node {self.connectome.node_ids[i]!r}."
            )

        self._out_arrays = self.connectome.kernel_out_arrays()
        self._in_arrays = self.connectome.kernel_in_arrays()
        self.scheduler = make_scheduler(scheduler, self.n, self.tau, self.rng, self.rule.stochastic)
        self.update_counts = np.zeros(self.n, np.int64)
        self.uniform = 0.0  # the pre-drawn uniform of the update running now
        self.flips_total = 0
        self._flips_at_record = 0

        if record_every is not None:
            record_every = check_real("record_every", record_every, where, low=0, low_open=True)
            if not self.scheduler.continuous and record_every != int(record_every):
                raise ValidationError(
                    f"The 'record_every' parameter of {where} must be a whole number of "
                    f"steps for the {scheduler!r} scheduler. Got {record_every} instead."
                )
        self.record_every = record_every
        reporters = {"flips": NeuralModel.flips_since_record, **self.default_model_reporters}
        reporters.update(model_reporters or {})
        self.datacollector = Recorder(reporters, agent_reporters, stream_to=stream_to)
        self._recorded_at: float | None = None
        self._bar: tqdm | None = None

        self.neurons: tuple[Neuron, ...] = tuple(neuron_class(self, i) for i in range(self.n))
        if state is None:
            state = self._random_state()
        self.set_state(state)

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> np.ndarray:
        """Current states in node order (a read-only view; change it with ``set_state``)."""
        view = self._state.view()
        view.flags.writeable = False
        return view

    @property
    def input(self) -> np.ndarray:
        """Total input (synaptic plus drive) of every neuron."""
        return self._field + self._drive

    @property
    def drive(self) -> np.ndarray:
        """External drive per neuron (writable in place)."""
        return self._drive

    @property
    def threshold(self) -> np.ndarray:
        """Threshold per neuron (writable in place)."""
        return self._threshold

    def set_state(self, state: Sequence[float] | np.ndarray) -> None:
        """Set every neuron's state and recompute all inputs from scratch.

        Raises:
            ValidationError: wrong length, or a value the rule does not allow.
        """
        arr = np.asarray(state, dtype=np.float64)
        if arr.shape != (self.n,):
            raise ValidationError(
                f"The state of {type(self).__name__} must have one value per neuron "
                f"({self.n}). Got shape {arr.shape}."
            )
        allowed = self.rule.states
        if allowed is not None and not self._custom_update:
            bad = ~np.isin(arr, allowed)
            if bad.any():
                i = int(np.argmax(bad))
                raise ValidationError(
                    f"The state of {type(self).__name__} under the {self.rule.name!r} rule "
                    f"must take values in {allowed}. Got {arr[i]:g} at position {i}."
                )
        self._state = arr.copy()
        self._field = self.connectome.input_from(self._state)
        self._before_last = np.full(self.n, np.nan)

    def set_neuron_state(self, index: int, value: float) -> None:
        """Set one neuron's state, updating its out-neighbours' inputs.

        Raises:
            ValidationError: a value the model's rule does not allow.
        """
        value = float(value)
        allowed = self.rule.states
        if allowed is not None and not self._custom_update and value not in allowed:
            raise ValidationError(
                f"The state of a neuron under the {self.rule.name!r} rule must be one of "
                f"{allowed}. Got {value:g} for node {self.connectome.node_ids[index]!r}."
            )
        self._apply(index, value)
        self._before_last[:] = np.nan  # a hand-made change starts a new trajectory

    def _apply(self, i: int, new: float) -> None:
        delta = float(new) - float(self._state[i])
        self._state[i] = new
        kernels.propagate(i, delta, self._field, *self._out_arrays)

    def neuron(self, node: Hashable) -> Neuron:
        """The neuron of node id ``node``."""
        return self.neurons[self.connectome.index[node]]

    def neuron_array(self, name: str) -> np.ndarray:
        """An array-backed neuron attribute for all neurons at once (for recording)."""
        arrays = {
            "state": lambda: self._state,
            "input": lambda: self.input,
            "synaptic_input": lambda: self._field,
            "drive": lambda: self._drive,
            "threshold": lambda: self._threshold,
            "tau": lambda: self.tau,
            "population": lambda: self.population,
            "happy": self.happy,
            "update_count": lambda: self.update_counts,
        }
        if name not in arrays:
            raise ValidationError(
                f"The agent reporter {name!r} is not an array-backed neuron attribute; "
                f"choose one of {sorted(arrays)} or pass a function of the model."
            )
        return arrays[name]()

    # ------------------------------------------------------------------ stability
    def happy(self) -> np.ndarray:
        """Per neuron: would the rule keep its state now?"""
        if self._custom_update or self.rule.stochastic:
            return np.array([nrn.update() == nrn.state for nrn in self.neurons])
        return self.rule.keeps(self.input, self._state, self._threshold)

    def count_unhappy(self) -> int:
        """How many neurons the rule would change now (0 at a fixed point)."""
        if self._custom_update or self.rule.stochastic:
            return int(self.n - self.happy().sum())
        return int(
            kernels.count_unstable(
                self._state, self._field, self._drive, self._threshold, self.rule.code
            )
        )

    def is_stable(self) -> bool:
        """Whether no neuron is unhappy."""
        return self.count_unhappy() == 0

    def energy(self) -> float:
        """Lyapunov energy ``-1/2 s.W.s - s.drive + s.threshold`` (for symmetric W)."""
        s = self._state
        return float(-0.5 * s @ self._field - s @ self._drive + s @ self._threshold)

    def flips_since_record(self) -> int:
        """State changes since the previous record."""
        return self.flips_total - self._flips_at_record

    # ------------------------------------------------------------------ running
    def step(self) -> None:
        """One step: one sweep (discrete schedulers) or one time unit (``"poisson"``)."""
        self.run_until(self.time + 1)

    def run_for(self, duration: float, *, progress: bool = False) -> None:
        """Run for ``duration`` steps or time units (``progress``: show a tqdm bar)."""
        check_real("duration", duration, "run_for", low=0)
        self.run_until(self.time + duration, progress=progress)

    def run_until(self, end_time: float, *, progress: bool = False) -> None:
        """Run until ``model.time`` reaches ``end_time`` (``progress``: show a tqdm bar)."""
        check_real("end_time", end_time, "run_until", low=self.time)
        with self._progress_bar(end_time - self.time, progress):
            self._advance(end_time, stop=False)

    @contextlib.contextmanager
    def _progress_bar(self, total: float, show: bool) -> Iterator[None]:
        if not show:
            yield
            return
        unit = "time" if self.scheduler.continuous else "step"
        self._bar = tqdm(total=total, unit=unit, desc=type(self).__name__, dynamic_ncols=True)
        try:
            yield
        finally:
            self._bar.close()
            self._bar = None

    def _bar_limit(self, remaining: float) -> float:
        """With a bar, advance in about 100 pieces so it moves (same numbers either way)."""
        if self._bar is None:
            return remaining
        piece = self._bar.total / 100
        return min(remaining, max(piece, 1.0) if not self.scheduler.continuous else piece)

    def run_until_stable(
        self, max_sweeps: int = 1000, *, progress: bool = False
    ) -> StabilityReport:
        """Run until no neuron is unhappy, or a synchronous 2-cycle, or ``max_sweeps``.

        Args:
            max_sweeps: budget in steps (time units for ``"poisson"``).
            progress: show a tqdm bar over the budget.

        Returns:
            A :class:`StabilityReport`; it is also kept as ``model.stability``.

        Raises:
            ValidationError: for a stochastic rule, which has no fixed points.
        """
        check_int("max_sweeps", max_sweeps, "run_until_stable", low=0)
        if self.rule.stochastic:
            raise ValidationError(
                f"run_until_stable needs a deterministic rule; {self.rule.name!r} is "
                "stochastic and never settles. Use run_for instead."
            )
        start = self.steps if not self.scheduler.continuous else self.time
        outcome = 1 if self.is_stable() else 0
        with self._progress_bar(max_sweeps, progress):
            if not outcome and self.scheduler.continuous:
                for _ in range(max_sweeps):
                    self._advance(self.time + 1.0, stop=False)
                    if self.is_stable():
                        outcome = 1
                        break
            elif not outcome:
                outcome = self._advance(self.steps + max_sweeps, stop=True)
        if outcome and self.record_every is not None and self._recorded_at != self.time:
            self._record()
        now = self.time if self.scheduler.continuous else self.steps
        self.stability = StabilityReport(
            converged=outcome == 1, cycle_length=outcome, steps=int(now - start), time=self.time
        )
        return self.stability

    def _advance(self, until: float, stop: bool) -> int:
        """Run to ``until``, firing Mesa events in time order; return a stop outcome."""
        if self.record_every is not None and self._recorded_at is None:
            self._record()
        while True:
            event_time = self._next_event_time()
            if event_time is None or event_time > until:
                return self._integrate(until, stop)
            outcome = self._integrate(event_time, stop)
            if outcome:
                return outcome
            self._event_list.pop_event().execute()

    def _next_event_time(self) -> float | None:
        if self._event_list.is_empty():
            return None
        ahead = self._event_list.peek_ahead(1)
        return ahead[0].time if ahead else None

    def _integrate(self, until: float, stop: bool) -> int:
        if self.scheduler.continuous:
            self._integrate_events(until)
            return 0
        remaining = math.floor(until + 1e-9) - self.steps
        while remaining > 0:
            chunk = int(self._bar_limit(remaining))
            if self.record_every is not None:
                every = int(self.record_every)
                chunk = min(chunk, every - self.steps % every)
            ran, flips, outcome = self.engine.run_steps(self, chunk, stop)
            self.steps += ran
            self.time = float(self.steps)
            self.flips_total += flips
            remaining -= ran
            if self._bar is not None:
                self._bar.update(ran)
            if self.record_every is not None and (
                self.steps % int(self.record_every) == 0 or outcome
            ):
                self._record()
            if outcome:
                return outcome
        return 0

    def _integrate_events(self, until: float) -> None:
        while self.time < until:
            end = self.time + self._bar_limit(until - self.time)
            if self.record_every is not None:
                ticks = math.floor(self.time / self.record_every + 1e-9) + 1
                end = min(until, ticks * self.record_every)
            self.flips_total += self.engine.run_events(self, end)
            if self._bar is not None:
                self._bar.update(end - self.time)
            self.time = end
            if self.record_every is not None and math.isclose(
                end / self.record_every, round(end / self.record_every)
            ):
                self._record()

    def _record(self) -> None:
        self.datacollector.collect(self)
        self._flips_at_record = self.flips_total
        self._recorded_at = self.time

    # ------------------------------------------------------------------ helpers
    def _random_state(self) -> np.ndarray:
        states = self.rule.states
        if states is None or self._custom_update:
            return np.zeros(self.n)
        return self.rng.choice(np.asarray(states, dtype=np.float64), size=self.n)

    def _node_values(self, name: str, value: Any, default: float, where: str) -> np.ndarray:
        if value is None:
            attr = self.connectome.node_attrs.get(name)
            if attr is None:
                return np.full(self.n, default)
            arr = np.asarray(attr, dtype=np.float64)
            return np.where(np.isnan(arr), default, arr)
        if isinstance(value, Mapping):
            # A set, not np.unique: labels may mix types (None where a node has none).
            missing = set(self.population.tolist()) - set(value)
            if missing:
                raise ValidationError(
                    f"The '{name}' mapping of {where} must give a value for every "
                    f"population. Missing: {sorted(map(str, missing))}."
                )
            arr = np.array([float(value[p]) for p in self.population])
        else:
            arr = np.asarray(value, dtype=np.float64)
            if arr.ndim == 0:
                arr = np.full(self.n, float(arr))
        if arr.shape != (self.n,):
            raise ValidationError(
                f"The '{name}' parameter of {where} must be a finite number, a mapping "
                f"population -> number, or {self.n} finite numbers. Got shape {arr.shape}."
            )
        bad = ~np.isfinite(arr)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(
                f"The '{name}' parameter of {where} must be finite for every neuron. "
                f"Got {arr[i]} for node {self.connectome.node_ids[i]!r}."
            )
        return arr.copy()
