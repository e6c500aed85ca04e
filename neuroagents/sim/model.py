"""The neural model: a ``mesa.Model`` wiring connectome, rule, scheduler, engine, recorder.

Pieces:
    NeuralModel: owns the state arrays and the rng; ``step``, ``run_for``,
        ``run_until``, ``run_until_stable``; ``datacollector``.
    StabilityReport: what ``run_until_stable`` found (fixed point, 2-cycle, or neither).

Time: for binary rules on the discrete schedulers one step is one sweep (n
single-neuron updates, or one synchronous round) and ``model.time`` equals
``model.steps``. Continuous (rate) rules advance ``dt`` time units a step. For
``"poisson"`` time is continuous and ``step()`` advances it by 1.0. Events scheduled
with Mesa's ``model.schedule_event`` (and hooks added with ``add_hook``) fire in time
order with the neurons' own updates (see :mod:`neuroagents.sim.timeline`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, ClassVar

import mesa
import networkx as nx
import numpy as np
import scipy.sparse as sp

from neuroagents.connectome import weight_sharing
from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.sim import clock
from neuroagents.sim.arrays import NeuronArrays
from neuroagents.sim.engines import AgentEngine, make_engine
from neuroagents.sim.interventions import Interventions
from neuroagents.sim.neuron import Neuron
from neuroagents.sim.neuron_map import Neurons, merged_states
from neuroagents.sim.neuron_type import check_emits
from neuroagents.sim.record import AgentReporter, ModelReporter, Recorder
from neuroagents.sim.rules import Rate, Rule, make_rule
from neuroagents.sim.schedulers import make_scheduler
from neuroagents.sim.stability import Stability, StabilityReport
from neuroagents.sim.timeline import Timeline
from neuroagents.sim.values import checked_states, node_values
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = ["NeuralModel", "StabilityReport", "as_connectome"]

INTEGRATORS = ("exponential", "euler")
DEFAULT_DT = 0.1
DEFAULT_TOL = 1e-9

NodeValues = float | Sequence[float] | np.ndarray | Mapping[Hashable, float]


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


def _scenario_rng(scenario: Any, rng: Any, where: str) -> Any:
    """The seed to use: ``rng``, or a Mesa Scenario's own (never both)."""
    if scenario is None:
        return rng
    from mesa.experimental.scenarios import Scenario

    if not isinstance(scenario, Scenario):
        raise ValidationError(
            f"The 'scenario' parameter of {where} must be a mesa.experimental.scenarios."
            f"Scenario. Got {type(scenario).__name__} instead."
        )
    if rng is not None:
        raise ValidationError(
            f"{where} takes either 'rng' or 'scenario' (which carries its own rng), not "
            f"both. Got rng={rng!r} with a scenario."
        )
    return scenario.rng


def _delegate(collaborator: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """A model method that calls ``method`` on the model's ``collaborator``."""
    name = method.__name__

    @functools.wraps(method)
    def call(self: NeuralModel, *args: Any, **kwargs: Any) -> Any:
        return getattr(getattr(self, collaborator), name)(*args, **kwargs)

    call.__qualname__ = f"NeuralModel.{name}"
    call.__module__ = __name__
    return call


class NeuralModel(mesa.Model):
    """Neurons (Mesa agents) on a connectome, updated by a rule in a scheduler's order.

    Args:
        connectome: a :class:`Connectome`, a networkx graph, or a weight matrix
            ``W[target, source]``.
        rule: a binary rule ``"sign"`` (±1 Hopfield), ``"threshold"`` (0/1),
            ``"glauber"`` (±1 at temperature T); a rate rule ``"linear"``, ``"relu"``,
            ``"sigmoid"``, ``"tanh"``; a graded-response rule ``"graded-tanh"``,
            ``"graded-sigmoid"``; or a :class:`~neuroagents.sim.rules.Rule` object such as
            ``na.Rate("sigmoid", gain=4)``.
        temperature: T for ``"glauber"``.
        scheduler: ``"sync"``, ``"async-sweep"``, ``"async-site"``, ``"fixed-order"``
            or ``"poisson"`` (see :mod:`neuroagents.sim.schedulers`).
        engine: ``"compiled"`` (numba, built-in rules) or ``"agents"`` (each
            ``Neuron.update()`` in turn; any rule).
        neuron_class: the Neuron subclass to create, one per node.
        state: initial states in node order, or a mapping node id -> state (default, and
            for neurons the mapping omits: random binary states; rates 0; potentials 0).
        threshold: a number, a per-population mapping or per-neuron values (default:
            the node attribute ``threshold``, else 0).
        drive: external input added to every neuron's synaptic input (default 0).
        tau: time constant, as for ``threshold`` (default: node attribute ``tau``, else
            1). Poisson clocks ring at rate ``1/tau``; rate rules leak with it.
        dt: step of a continuous rule on a discrete scheduler (default 0.1).
        integrator: ``"exponential"`` Euler (default; exact for the leak) or ``"euler"``
            (forward Euler), for continuous rules on a discrete scheduler.
        rng: seed, SeedSequence or Generator; one seed gives one trajectory (the same
            on Mesa 3.5 and Mesa 4).
        scenario: a Mesa ``Scenario`` (``mesa.experimental.scenarios``) instead of
            ``rng``: the model draws from a generator seeded by ``scenario.rng`` and
            keeps it as ``model.scenario`` (Mesa 4's way to build a model from a
            parameter set; see the docs' "Mesa's own runners").
        record_every: record every this many steps (time units), or None not to record.
            The default ``"auto"`` is 1, or for a continuous rule on a discrete
            scheduler the whole number of steps ``dt`` nearest to 1 time unit; a given
            value must then be a whole number of steps.
        model_reporters: extra model columns (see :class:`~neuroagents.sim.record.Recorder`).
        agent_reporters: per-neuron columns, e.g. ``{"state": "state"}``.
        stream_to: directory to stream recorded parquet parts to.

    Shared connectomes: a model never changes the Connectome it was given. It holds
    its own Connectome object on the same weight arrays (no copy, however large);
    its first :meth:`update_weights` copies the arrays for this model alone
    (copy-on-write, :mod:`neuroagents.connectome.weight_sharing`), so models built on one
    connectome, in a sweep or in the browser view, never change each other's results.

    Examples:
        >>> import numpy as np
        >>> import neuroagents as na
        >>> W = np.array([[0, 1, -1], [1, 0, 1], [-1, 1, 0]], dtype=float)
        >>> m = na.NeuralModel(W, rule="sign", scheduler="async-sweep", rng=0)
        >>> m.set_state([1, -1, 1])
        >>> report = m.run_until_stable(max_sweeps=10)
        >>> report.converged, m.count_unhappy()
        (True, 0)

        A leaky integrator ``tau dv/dt = -v + 0.5 v + 1`` settles at v = 2:

        >>> m = na.NeuralModel(np.array([[0.5]]), rule="linear", drive=1.0, dt=0.01)
        >>> m.run_until(12.5)
        >>> m.time, round(float(m.state[0]), 3)
        (12.5, 1.996)
    """

    default_model_reporters: ClassVar[dict[str, ModelReporter]] = {}

    # The public face of the collaborators: each method is the collaborator's own,
    # called on this model's (subclasses may override them; collaborators call back
    # through the model, so an override is what they use).
    happy = _delegate("analysis", Stability.happy)
    count_unhappy = _delegate("analysis", Stability.count_unhappy)
    is_stable = _delegate("analysis", Stability.is_stable)
    rates_of_change = _delegate("analysis", Stability.rates_of_change)
    energy = _delegate("analysis", Stability.energy)
    jacobian = _delegate("analysis", Stability.jacobian)
    fixed_points = _delegate("analysis", Stability.fixed_points)
    clamp = _delegate("interventions", Interventions.clamp)
    unclamp = _delegate("interventions", Interventions.unclamp)
    update_weights = _delegate("interventions", Interventions.update_weights)
    add_hook = _delegate("interventions", Interventions.add_hook)
    state_of = _delegate("neurons", Neurons.state_of)

    def __init__(
        self,
        connectome: Connectome | nx.Graph | np.ndarray | sp.sparray,
        *,
        rule: str | Rule = "sign",
        temperature: float | None = None,
        scheduler: str = "async-sweep",
        engine: str = "compiled",
        neuron_class: type[Neuron] = Neuron,
        state: Sequence[float] | np.ndarray | Mapping[Hashable, float] | None = None,
        threshold: NodeValues | None = None,
        drive: NodeValues | None = None,
        tau: NodeValues | None = None,
        dt: float | None = None,
        integrator: str | None = None,
        rng: Any = None,
        record_every: float | str | None = "auto",
        model_reporters: Mapping[str, ModelReporter] | None = None,
        agent_reporters: Mapping[str, AgentReporter] | None = None,
        stream_to: str | None = None,
        scenario: Any = None,
    ) -> None:
        where = type(self).__name__
        rng = _scenario_rng(scenario, rng, where)
        clock.start_model(self, as_generator(rng, where), scenario)  # mesa.Model.__init__
        clock.take_over(self)  # neuroagents keeps its own clock (see timeline.py)
        # Collaborators along the model's seams (the state is self.arrays, below).
        self.timeline = Timeline(self)  # time: steps, dt, Poisson events, records
        self.interventions = Interventions(self)  # clamps, weight edits, hooks
        self.analysis = Stability(self)  # stable neurons, rates of change, energy
        # The model's own count of steps (sweeps): Mesa 4 has no model.steps, and on Mesa
        # 3.x the clock adapter stopped the event that counted them.
        self.steps = 0

        # Its own object on the caller's arrays: copied only if its weights are edited.
        self.connectome = weight_sharing.share(as_connectome(connectome))
        self.n = self.connectome.n_nodes
        self.rule = make_rule(rule, temperature)
        self.engine = make_engine(engine)
        self._custom_update = self._check_engine(neuron_class, where)
        attrs = self.connectome.node_attrs
        labels = attrs.get("population")
        self.population: np.ndarray = (
            np.full(self.n, "all", dtype=object) if labels is None else labels
        )
        tau_values = self._node_values("tau", tau, 1.0, where)
        if np.any(tau_values <= 0):
            i = int(np.argmax(tau_values <= 0))
            raise ValidationError(
                f"The 'tau' parameter of {where} must be > 0 for every neuron. Got "
                f"{tau_values[i]} for node {self.connectome.node_ids[i]!r}."
            )
        self.scheduler = make_scheduler(
            scheduler, self.n, tau_values, self.rng, self.rule.stochastic
        )
        self.dt, self.integrator = self._check_integration(dt, integrator, where)
        check_emits(self.rule)
        own = tuple(spec.allocate(self.n) for spec in self.rule.state_arrays)
        self.arrays = NeuronArrays(
            state=np.zeros(self.n),
            field=np.zeros(self.n),
            drive=self._node_values("drive", drive, 0.0, where),
            threshold=self._node_values("threshold", threshold, 0.0, where),
            tau=tau_values,
            clamped=np.zeros(self.n, dtype=np.bool_),
            keep=np.zeros(self.n),
            potential=own[0] if self.rule.graded else None,
            own=own,
            before_last=np.full(self.n, np.nan),
            update_counts=np.zeros(self.n, np.int64),
            params=self.rule.params,
            tol=DEFAULT_TOL,
            out=self.connectome.kernel_out_arrays(),
            inn=self.connectome.kernel_in_arrays(),
        )
        if self.dt is not None:
            self._set_step(self.dt)
        self.uniform = 0.0  # the pre-drawn uniform of the update running now
        self.flips_total = 0
        self.record_every = self._check_record_every(record_every, scheduler, where)
        reporters = {"flips": NeuralModel.flips_since_record, **self.default_model_reporters}
        if model_reporters is not None and not isinstance(model_reporters, Mapping):
            raise ValidationError(
                f"The 'model_reporters' parameter of {where} must be a mapping of column "
                f"name -> attribute name or function. Got {model_reporters!r} instead."
            )
        reporters.update(model_reporters or {})
        self.datacollector = Recorder(reporters, agent_reporters, stream_to=stream_to)

        self.neurons = Neurons(self, [neuron_class(self, i) for i in range(self.n)])
        if state is None or isinstance(state, Mapping):
            self._set_initial_state()  # a mapping sets some neurons; the rest start so
        if state is not None:
            self.set_state(state)

    def _check_engine(self, neuron_class: type[Neuron], where: str) -> bool:
        """Whether neurons run Python code of their own (custom update or rule)."""
        if not (isinstance(neuron_class, type) and issubclass(neuron_class, Neuron)):
            raise ValidationError(
                f"The 'neuron_class' parameter of {where} must be a subclass of "
                f"neuroagents.Neuron. Got {neuron_class!r} instead."
            )
        custom = neuron_class.update is not Neuron.update or not self.rule.compilable
        if custom and not isinstance(self.engine, AgentEngine):
            raise ValidationError(
                f"The compiled engine runs only the built-in rules; {where} got a custom "
                "update() or rule. Pass engine='agents' to run it."
            )
        return custom

    def _check_integration(
        self, dt: float | None, integrator: str | None, where: str
    ) -> tuple[float | None, str | None]:
        stepped = self.rule.continuous and not self.scheduler.continuous
        if not stepped:
            for name, value in (("dt", dt), ("integrator", integrator)):
                if value is not None:
                    kind = "'poisson' scheduler" if self.rule.continuous else "binary rules"
                    raise ValidationError(
                        f"The '{name}' parameter of {where} applies to continuous rules on "
                        f"a discrete scheduler, not to {kind}. Got {name}={value!r} with "
                        f"rule={self.rule.name!r} and scheduler={self.scheduler.name!r}."
                    )
            return None, None
        dt = DEFAULT_DT if dt is None else check_real("dt", dt, where, low=0, low_open=True)
        integrator = check_choice("integrator", integrator or "exponential", where, INTEGRATORS)
        return dt, integrator

    def _check_record_every(self, every: Any, scheduler: str, where: str) -> Any:
        if every is None:
            return None
        if isinstance(every, str) and every == "auto":
            return 1 if self.dt is None else self.dt * max(1, round(1 / self.dt))
        every = check_real("record_every", every, where, low=0, low_open=True)
        if self.timeline.counts_steps and every != int(every):
            raise ValidationError(
                f"The 'record_every' parameter of {where} must be a whole number of "
                f"steps for the {scheduler!r} scheduler. Got {every} instead."
            )
        if self.dt is not None and not math.isclose(
            every / self.dt, round(every / self.dt), rel_tol=1e-9
        ):
            raise ValidationError(
                f"The 'record_every' parameter of {where} must be a whole number of steps "
                f"dt = {self.dt} (recording must not change the trajectory). Got {every}."
            )
        return every

    def _set_step(self, dt: float) -> None:
        """Per-neuron factor of one continuous step of length ``dt`` (read by the engines)."""
        ratio = dt / self.arrays.tau
        if self.integrator == "euler":
            self.arrays.keep[:] = 1.0 - ratio
        else:
            self.arrays.keep[:] = np.exp(-ratio)

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> np.ndarray:
        """Current states in node order (a read-only view; change it with ``set_state``)."""
        view = self.arrays.state.view()
        view.flags.writeable = False
        return view

    @property
    def potential(self) -> np.ndarray:
        """Membrane potentials u of graded-response neurons (read-only view)."""
        if not self.rule.graded:
            raise ValidationError(
                f"Only graded-response rules have a potential; the rule is {self.rule.name!r}."
            )
        view = self.arrays.potential.view()
        view.flags.writeable = False
        return view

    @property
    def input(self) -> np.ndarray:
        """Total input (synaptic plus drive) of every neuron."""
        return self.arrays.total_input

    @property
    def drive(self) -> np.ndarray:
        """External drive per neuron (writable in place)."""
        return self.arrays.drive

    @property
    def threshold(self) -> np.ndarray:
        """Threshold per neuron (writable in place)."""
        return self.arrays.threshold

    @property
    def tau(self) -> np.ndarray:
        """Time constant per neuron."""
        return self.arrays.tau

    @property
    def update_counts(self) -> np.ndarray:
        """How many updates each neuron has made."""
        return self.arrays.update_counts

    @property
    def clamped(self) -> np.ndarray:
        """True where a neuron is clamped (read-only view)."""
        view = self.arrays.clamped.view()
        view.flags.writeable = False
        return view

    def set_state(self, state: Sequence[float] | np.ndarray | Mapping[Hashable, float]) -> None:
        """Set the neurons' states and recompute all inputs from scratch.

        ``state``: one value per neuron in node order, or a mapping node id -> state (the
        others keep theirs); a graded-response neuron's potential becomes ``g^-1(state)``.

        Raises:
            ValidationError: wrong length, an unknown node id, or a value the rule forbids.
        """
        if some := isinstance(state, Mapping):
            state = merged_states(self, state)
        arr = self._checked_states(state, self.connectome.node_ids)
        if self.rule.graded:  # only the neurons set: g^-1(g(u)) may not give u back exactly
            new = arr != self.arrays.state if some else slice(None)
            self.arrays.potential[new] = self.rule.inverse(arr[new])
        self._load_state(arr)

    def set_potential(self, potential: Sequence[float] | np.ndarray) -> None:
        """Set every graded-response neuron's potential u (outputs become ``g(u)``)."""
        if not self.rule.graded:
            raise ValidationError(
                f"set_potential needs a graded-response rule; the rule is {self.rule.name!r}."
            )
        u = checked_states(
            potential, Rate(), self.connectome.node_ids, custom_update=False,
            what="potential", where=type(self).__name__,
        )  # fmt: skip
        self.arrays.potential[:] = u
        self._load_state(self.rule.outputs(u))

    def _load_state(self, arr: np.ndarray) -> None:
        a = self.arrays
        a.state[:] = arr
        a.field[:] = self.connectome.input_from(a.state)
        a.before_last[:] = np.nan

    def _set_initial_state(self) -> None:
        if self.rule.graded:
            self.set_potential(np.zeros(self.n))
        elif self.rule.states is None or self._custom_update:
            self._load_state(np.zeros(self.n))
        else:
            self._load_state(self.rng.choice(np.asarray(self.rule.states, float), size=self.n))

    def set_neuron_state(self, index: int, value: float) -> None:
        """Set one neuron's state (by array index), updating its out-neighbours' inputs.

        Raises:
            ValidationError: an index out of range, or a value the rule does not allow.
        """
        i = check_int("index", index, "set_neuron_state", low=-self.n, high=self.n - 1) % self.n
        v = self._checked_states([value], [self.connectome.node_ids[i]])[0]
        if self.rule.graded:
            self.arrays.potential[i] = self.rule.inverse(v)
        self.arrays.apply(i, v)
        self.arrays.before_last[:] = np.nan  # a hand-made change starts a new trajectory

    def _checked_states(self, values: Any, nodes: Sequence[Hashable], what: str = "state"):
        return checked_states(
            values, self.rule, nodes, custom_update=self._custom_update, what=what,
            where=type(self).__name__,
        )  # fmt: skip

    def _node_values(self, name: str, value: Any, default: float, where: str) -> np.ndarray:
        return node_values(
            name, value, default=default, attrs=self.connectome.node_attrs,
            population=self.population, node_ids=self.connectome.node_ids, where=where,
        )  # fmt: skip

    def neuron(self, node: Hashable) -> Neuron:
        """The neuron of node id ``node`` (the same as ``model.neurons[node]``)."""
        return self.neurons[node]

    def neuron_array(self, name: str) -> np.ndarray:
        """An array-backed neuron attribute for all neurons at once (for recording)."""
        a = self.arrays
        arrays = {
            "state": lambda: a.state,
            "input": lambda: a.total_input,
            "synaptic_input": lambda: a.field,
            "drive": lambda: a.drive,
            "threshold": lambda: a.threshold,
            "tau": lambda: a.tau,
            "population": lambda: self.population,
            "happy": self.happy,
            "update_count": lambda: a.update_counts,
            "clamped": lambda: a.clamped,
        }
        for spec, values in zip(self.rule.state_arrays, a.own, strict=True):
            arrays[spec.name] = lambda values=values: values  # the type's own arrays
        if name not in arrays:
            raise ValidationError(
                f"The agent reporter {name!r} is not an array-backed neuron attribute; "
                f"choose one of {sorted(arrays)} or pass a function of the model."
            )
        return arrays[name]()

    def flips_since_record(self) -> int:
        """State changes since the previous record."""
        return self.flips_total - self.timeline.flips_at_record

    # ------------------------------------------------------------------ running
    def step(self) -> None:
        """One step: a sweep (binary rules), ``dt`` (continuous rules) or 1.0 (``"poisson"``)."""
        self.run_until(self.time + (self.dt or 1.0))

    def run_for(self, duration: float, *, progress: bool = False, long_run: bool = False) -> None:
        """Run for ``duration`` steps or time units (see :meth:`run_until`)."""
        check_real("duration", duration, "run_for", low=0)
        self.run_until(self.time + duration, progress=progress, long_run=long_run)

    def run_until(self, end_time: float, *, progress: bool = False, long_run: bool = False) -> None:
        """Run until ``model.time`` reaches ``end_time``.

        A run of more than :data:`~neuroagents.validation.MAX_WORK` (10^9) steps, hook
        calls and recording ticks is refused before it starts unless ``long_run=True``
        (then show ``progress`` and interrupt with Ctrl-C if need be). A ``dt`` longer
        than the interval gives one step of the interval's length.

        Args:
            end_time: the model time to reach.
            progress: show a tqdm bar.
            long_run: allow more than 10^9 steps (the opt-in of the work rule).

        Raises:
            ValidationError: an end time in the past, or, for binary rules on a discrete
                scheduler (where time counts whole steps), a fraction of a step, or too
                much work without ``long_run``.
        """
        self.check_run_length(end_time, long_run=long_run)
        if self.timeline.counts_steps and not math.isclose(end_time, round(end_time), abs_tol=1e-9):
            raise ValidationError(
                f"The {self.scheduler.name!r} scheduler runs whole steps (sweeps) of binary "
                f"neurons; run_until/run_for got a time of {end_time:g}, which is not a "
                "whole number of steps."
            )
        with self.timeline.progress_bar(end_time - self.time, progress):
            self.timeline.advance(end_time, stop=False)

    def check_run_length(
        self, end_time: float, *, where: str = "run_until", long_run: bool = False
    ) -> None:
        """Refuse, before it starts, a run to ``end_time`` that could not finish.

        The rule (:data:`~neuroagents.validation.MAX_WORK`): more than 10^9 steps, hook
        calls and recording ticks need ``long_run=True``. Code that runs a model in
        many pieces calls this once with the last time, so the rule holds for the whole.

        Raises:
            ValidationError: an end time in the past or not finite, or too much work.
        """
        check_real("end_time", end_time, where, low=self.time)
        self.timeline.check_work(self.time, end_time, where, long_run)

    def run_until_stable(
        self,
        max_sweeps: int = 1000,
        *,
        tol: float | None = None,
        progress: bool = False,
        long_run: bool = False,
    ) -> StabilityReport:
        """Run until no neuron is unhappy, or a synchronous 2-cycle, or ``max_sweeps``.

        Args:
            max_sweeps: budget in steps (time units for ``"poisson"``).
            tol: continuous rules are stable when every free neuron has
                ``|ds/dt| < tol`` (default 1e-9).
            progress: show a tqdm bar over the budget.
            long_run: allow a budget of more than 10^9 steps (see :meth:`run_until`).

        Returns:
            A :class:`StabilityReport`; it is also kept as ``model.stability``.

        Raises:
            ValidationError: for a stochastic rule, which has no fixed points.
        """
        check_int("max_sweeps", max_sweeps, "run_until_stable", low=0)
        if tol is not None:
            if not self.rule.continuous:
                raise ValidationError(
                    "The 'tol' parameter of run_until_stable applies to continuous rules. "
                    f"Got tol={tol!r} with rule={self.rule.name!r}."
                )
            self.arrays.tol = check_real("tol", tol, "run_until_stable", low=0, low_open=True)
        if self.rule.stochastic:
            raise ValidationError(
                f"run_until_stable needs a deterministic rule; {self.rule.name!r} is "
                "stochastic and never settles. Use run_for instead."
            )
        span = max_sweeps * (self.dt or 1.0)
        self.timeline.check_work(self.time, self.time + span, "run_until_stable", long_run)
        start_steps, start_time = self.steps, self.time
        outcome = 1 if self.is_stable() else 0
        with self.timeline.progress_bar(max_sweeps, progress):
            if not outcome and self.scheduler.continuous:
                for _ in range(max_sweeps):
                    self.timeline.advance(self.time + 1.0, stop=False)
                    if self.is_stable():
                        outcome = 1
                        break
            elif not outcome:
                outcome = self.timeline.advance((self.time if self.dt else self.steps) + span, True)
        if outcome and self.record_every is not None and self.timeline.recorded_at != self.time:
            self.timeline.record()
        ran = self.time - start_time if self.scheduler.continuous else self.steps - start_steps
        self.stability = StabilityReport(
            converged=outcome == 1, cycle_length=outcome, steps=int(ran), time=self.time
        )
        return self.stability
