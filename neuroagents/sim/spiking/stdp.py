"""Plasticity of spiking synapses: the rules, and the per-synapse state a model holds.

Pieces:
    STDP: pair-based spike-timing-dependent plasticity with pre- and postsynaptic traces,
        additive (μ = 0) or multiplicative (μ = 1) weight dependence, hard bounds
        [0, w_max] (NEST's ``stdp_synapse``).
    VogelsSprekeler: inhibitory STDP (Vogels et al. 2011; NEST's
        ``vogels_sprekeler_synapse``).
    PlasticSynapses: the plastic synapses of a model (which, their delay parts, traces,
        the in/out indices) as the arrays :func:`.stdp_kernels.plasticity_step` reads.
    NO_PLASTICITY: the same arrays, empty (a model without plasticity).
    plastic_mask: which synapses are plastic, from a mask or a (sources, targets) pair.
    model_plastic_synapses: the PlasticSynapses of a SpikingModel.

The rules, with traces x₊ (presynaptic, τ₊) and x₋ (postsynaptic, τ₋) that jump by 1
at each spike seen at the synapse and decay exponentially:

- STDP (Song et al. 2000; Rubin et al. 2001; Morrison et al. 2008), in units of W:
  at a postsynaptic spike w/W ← min(1, w/W + λ (1 − w/W)^μ₊ x₊), at a presynaptic
  spike w/W ← max(0, w/W − α λ (w/W)^μ₋ x₋). μ = 0 is additive (A₊ = λ W,
  A₋ = α λ W), μ = 1 multiplicative.
- iSTDP (Vogels et al. 2011), on |w| with the sign of W: at a presynaptic spike
  |w| ← |w| + η (x₋ − α), at a postsynaptic spike |w| ← |w| + η x₊, bounded to
  [0, |W|]; τ₊ = τ₋ = τ and α = 2 ρ₀ τ drives the postsynaptic rate to ρ₀.

Delays. A synapse's delay d splits into an axonal part d_a (pre spike to synapse) and a
dendritic part d_d (back-propagation, post spike to synapse); the timing difference at
the synapse is Δ = (t_post + d_d) − (t_pre + d_a). ``delay_kind="dendritic"`` (the
model's default) puts all of d in d_d: NEST's convention (its ``stdp_synapse`` treats
the whole delay as dendritic, NEST issue 1604), so a pre spike at t and a post spike at
t + d − ε potentiate even though the post spike came first at the soma. ``"axonal"``
puts all of d in d_a: the pair is judged where the spike arrives. The delivered
weight is the weight when the spike leaves the presynaptic neuron, after the
plasticity of that step (with the dendritic convention this includes the spike's own
depression, as in NEST).

References:
    S. Song, K. D. Miller, L. F. Abbott, "Competitive Hebbian learning through
    spike-timing-dependent synaptic plasticity", Nat. Neurosci. 3 (2000) 919–926.
    T. P. Vogels, H. Sprekeler, F. Zenke, C. Clopath, W. Gerstner, "Inhibitory
    plasticity balances excitation and inhibition in sensory pathways and memory
    networks", Science 334 (2011) 1569–1573.
    A. Morrison, M. Diesmann, W. Gerstner, "Phenomenological models of synaptic
    plasticity based on spike timing", Biol. Cybern. 98 (2008) 459–478.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import stdp_kernels as sk
from neuroagents.validation import check_real

__all__ = [
    "NO_PLASTICITY",
    "STDP",
    "PlasticSynapses",
    "VogelsSprekeler",
    "model_plastic_synapses",
    "plastic_mask",
]

# Per-neuron history rows above this many cells are refused (memory, not a hang).
MAX_HISTORY_CELLS = 200_000_000


def _check_w_max(w_max: Any, where: str) -> float:
    value = check_real("w_max", w_max, where)
    if value == 0.0:
        raise ValidationError(
            f"The 'w_max' parameter of {where} must be a finite nonzero number (its sign is "
            f"the sign of the plastic weights). Got {w_max!r} instead."
        )
    return value


@dataclass(frozen=True, slots=True)
class STDP:
    """Pair-based STDP (NEST's ``stdp_synapse`` parameters; module docstring for the rule).

    Attributes:
        tau_plus: presynaptic trace time constant (ms), > 0.
        tau_minus: postsynaptic trace time constant (ms), > 0.
        lambda_: potentiation step in units of w_max (A₊ = λ W), >= 0.
        alpha: depression relative to potentiation (A₋ = α λ W), >= 0.
        mu_plus: weight dependence of potentiation (0 additive, 1 multiplicative), >= 0.
        mu_minus: weight dependence of depression (0 additive, 1 multiplicative), >= 0.
        w_max: the upper bound (nonzero; weights lie between 0 and w_max).

    Examples:
        A pre spike at 10 ms and a post spike at 15 ms (no delay parts): the post spike
        adds λ W e^{-5/20}:

        >>> rule = STDP(lambda_=0.01, w_max=10.0)
        >>> round(rule.pair_change(0.5, 5.0), 6)
        0.07788
        >>> STDP(tau_plus=0.0)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 'tau_plus' parameter of STDP must be a ...
    """

    code: ClassVar[int] = sk.STDP_CODE
    nest_model: ClassVar[str] = "stdp_synapse"
    tau_plus: float = 20.0
    tau_minus: float = 20.0
    lambda_: float = 0.01
    alpha: float = 1.0
    mu_plus: float = 0.0
    mu_minus: float = 0.0
    w_max: float = 100.0

    def __post_init__(self) -> None:
        where = "STDP"
        for name in ("tau_plus", "tau_minus"):
            check_real(name, getattr(self, name), where, low=0.0, low_open=True)
        for name in ("lambda_", "alpha", "mu_plus", "mu_minus"):
            check_real(name, getattr(self, name), where, low=0.0)
        _check_w_max(self.w_max, where)

    @classmethod
    def additive(cls, a_plus: float, a_minus: float, w_max: float, **taus: float) -> STDP:
        """Additive STDP from absolute steps A₊, A₋ (Song et al. 2000's form).

        Examples:
            >>> r = STDP.additive(0.005, 0.00525, 1.0)
            >>> r.lambda_, round(r.alpha, 12), r.mu_plus
            (0.005, 1.05, 0.0)
        """
        w = _check_w_max(w_max, "STDP.additive")
        a_plus = check_real("a_plus", a_plus, "STDP.additive", low=0.0, low_open=True)
        a_minus = check_real("a_minus", a_minus, "STDP.additive", low=0.0)
        return cls(lambda_=a_plus / abs(w), alpha=a_minus / a_plus, w_max=w, **taus)

    @classmethod
    def multiplicative(cls, lambda_: float, alpha: float, w_max: float, **taus: float) -> STDP:
        """Multiplicative STDP (μ₊ = μ₋ = 1; van Rossum et al. 2000, Rubin et al. 2001)."""
        return cls(lambda_=lambda_, alpha=alpha, mu_plus=1.0, mu_minus=1.0, w_max=w_max, **taus)

    def pair_change(self, w: float, delta: float) -> float:
        """The change of w by one isolated pair, Δ = t_post − t_pre at the synapse (ms).

        Δ > 0 potentiates by λ W (1 − w/W)^μ₊ e^{−Δ/τ₊} (capped at W), Δ < 0 depresses by
        α λ W (w/W)^μ₋ e^{Δ/τ₋} (floored at 0); Δ = 0 changes nothing (as in NEST).
        """
        if delta > 0:
            new = sk.stdp_facilitate(
                w, np.exp(-delta / self.tau_plus), self.lambda_, self.mu_plus, self.w_max
            )
        elif delta < 0:
            new = sk.stdp_depress(
                w,
                np.exp(delta / self.tau_minus),
                self.lambda_,
                self.alpha,
                self.mu_minus,
                self.w_max,
            )
        else:
            new = w
        return float(new - w)

    def row(self, dt: float) -> np.ndarray:
        """The parameter row the compiled step reads."""
        return np.array(
            [self.code, dt, self.tau_plus, self.tau_minus, self.lambda_, self.alpha,
             self.mu_plus, self.mu_minus, self.w_max],
            dtype=np.float64,
        )  # fmt: skip

    def nest_params(self) -> dict[str, float]:
        """The same rule as NEST ``stdp_synapse`` parameters (tau_minus is the neuron's)."""
        return {
            "tau_plus": self.tau_plus,
            "lambda": self.lambda_,
            "alpha": self.alpha,
            "mu_plus": self.mu_plus,
            "mu_minus": self.mu_minus,
            "Wmax": self.w_max,
        }


@dataclass(frozen=True, slots=True)
class VogelsSprekeler:
    """Inhibitory STDP of Vogels et al. (2011) (NEST's ``vogels_sprekeler_synapse``).

    Attributes:
        tau: the trace time constant (ms) of both traces, > 0 (the paper: 20 ms).
        eta: the learning rate (weight units per unit trace), >= 0.
        alpha: the depression per presynaptic spike in trace units, >= 0; 2 ρ₀ τ for a
            target rate ρ₀ (see :meth:`for_rate`).
        w_max: the bound on |w| (its sign is the sign of the plastic weights; negative
            for inhibitory synapses of a current-based model).

    Examples:
        >>> VogelsSprekeler.for_rate(5.0, eta=0.1, w_max=-50.0).alpha
        0.2
        >>> round(VogelsSprekeler.for_rate(5.0, eta=0.1, w_max=-50.0).target_rate, 9)
        5.0
    """

    code: ClassVar[int] = sk.VOGELS_CODE
    nest_model: ClassVar[str] = "vogels_sprekeler_synapse"
    tau: float = 20.0
    eta: float = 0.001
    alpha: float = 0.12
    w_max: float = 1.0

    def __post_init__(self) -> None:
        where = "VogelsSprekeler"
        check_real("tau", self.tau, where, low=0.0, low_open=True)
        check_real("eta", self.eta, where, low=0.0)
        check_real("alpha", self.alpha, where, low=0.0)
        _check_w_max(self.w_max, where)

    @classmethod
    def for_rate(
        cls, rho0: float, *, eta: float, w_max: float, tau: float = 20.0
    ) -> VogelsSprekeler:
        """The rule whose fixed point is a postsynaptic rate ``rho0`` (Hz): α = 2 ρ₀ τ."""
        rho0 = check_real("rho0", rho0, "VogelsSprekeler.for_rate", low=0.0)
        tau = check_real("tau", tau, "VogelsSprekeler.for_rate", low=0.0, low_open=True)
        return cls(tau=tau, eta=eta, alpha=2.0 * rho0 * tau / 1000.0, w_max=w_max)

    @property
    def target_rate(self) -> float:
        """ρ₀ = α / (2 τ) in Hz."""
        return self.alpha / (2.0 * self.tau) * 1000.0

    @property
    def tau_plus(self) -> float:
        """The presynaptic trace's time constant (τ)."""
        return self.tau

    @property
    def tau_minus(self) -> float:
        """The postsynaptic trace's time constant (τ)."""
        return self.tau

    def row(self, dt: float) -> np.ndarray:
        """The parameter row the compiled step reads."""
        return np.array(
            [self.code, dt, self.tau, self.tau, self.eta, self.alpha, 0.0, 0.0, self.w_max],
            dtype=np.float64,
        )

    def nest_params(self) -> dict[str, float]:
        """The same rule as NEST ``vogels_sprekeler_synapse`` parameters."""
        return {"tau": self.tau, "eta": self.eta, "alpha": self.alpha, "Wmax": self.w_max}


RULES = (STDP, VogelsSprekeler)
Rule = STDP | VogelsSprekeler


def _side(
    owner: np.ndarray,
    part: np.ndarray,
    syn: np.ndarray,
    other: np.ndarray,
    other_part: np.ndarray,
    n: int,
) -> tuple[np.ndarray, ...]:
    """One side's index: synapses grouped by ``owner`` neuron and sorted by delay ``part``.

    Returns (ptr, part, syn, other neuron, other's delay part), all in that order, so that
    the compiled step reads them sequentially.
    """
    order = np.lexsort((part, owner))
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=ptr[1:])
    arrays = (part, syn, other, other_part)
    return (ptr, *(np.ascontiguousarray(a[order], dtype=np.int64) for a in arrays))


def _lag_range(part: np.ndarray) -> tuple[int, int]:
    return (int(part.min()), int(part.max())) if part.size else (0, -1)


def _empty_state(n: int) -> tuple[np.ndarray, ...]:
    z = np.zeros(0, np.int64)
    ptr = np.zeros(n + 1, np.int64)
    return (
        np.zeros(9), np.array([0, -1, 0, -1], np.int64), ptr, z, z, z, z, ptr, z, z, z, z,
        np.zeros((0, 1), np.int64), np.zeros((0, 1)), np.zeros((0, 1)), z,
        np.zeros((1, 0), np.int32), np.zeros(1, np.int64),
    )  # fmt: skip


NO_PLASTICITY = _empty_state(0)


class PlasticSynapses:
    """The plastic synapses of a model and their state (traces, indices) for one rule.

    Args:
        rule: an :class:`STDP` or :class:`VogelsSprekeler`.
        synapses: positions of the plastic synapses in the model's weight array.
        pre: their presynaptic neuron indices.
        post: their postsynaptic neuron indices.
        delay_steps: their whole delays in steps.
        delay_kind: ``"dendritic"`` (NEST's convention) or ``"axonal"``.
        weights: the model's weight array (float64; checked against the bounds).
        n: the number of neurons.
        dt: the grid step (ms).
    """

    def __init__(
        self,
        rule: Rule,
        synapses: np.ndarray,
        pre: np.ndarray,
        post: np.ndarray,
        delay_steps: np.ndarray,
        delay_kind: str,
        weights: np.ndarray,
        n: int,
        dt: float,
    ) -> None:
        """Build the indices and empty traces (see the class docstring)."""
        if not isinstance(rule, RULES):
            raise ValidationError(
                "The 'plasticity' parameter of SpikingModel must be an STDP or a "
                f"VogelsSprekeler rule. Got {rule!r} instead."
            )
        self.rule = rule
        self.synapses = np.asarray(synapses, np.int64)
        w = weights[self.synapses]
        bad = (w / rule.w_max < 0) | (w / rule.w_max > 1)
        if bad.any():
            raise ValidationError(
                f"{int(bad.sum())} of {w.size} plastic weights lie outside [0, w_max] "
                f"(w_max = {rule.w_max:g}; the first: {float(w[bad][0]):g}). Give plastic "
                "synapses weights of w_max's sign and at most |w_max|."
            )
        d = np.asarray(delay_steps, np.int64)
        zero = np.zeros_like(d)
        da, dd = (zero, d) if delay_kind == "dendritic" else (d, zero)
        self.pre, self.post = np.asarray(pre, np.int64), np.asarray(post, np.int64)
        n_lags = int(d.max()) + 1 if d.size else 1
        cells = n * (n_lags + 1)
        if cells > MAX_HISTORY_CELLS:
            raise ValidationError(
                f"Plasticity with delays of up to {n_lags - 1} steps on {n} neurons needs "
                f"{cells} spike-history cells (limit {MAX_HISTORY_CELLS}); use a larger dt "
                "or shorter delays."
            )
        h = n_lags + 1
        lags = np.array([*_lag_range(dd), *_lag_range(da)], np.int64)
        self.arrays = (
            rule.row(dt), lags,
            *_side(self.post, dd, self.synapses, self.pre, da, n),  # post spikes: facilitation
            *_side(self.pre, da, self.synapses, self.post, dd, n),  # pre spikes: depression
            np.full((n, h), sk.NO_SPIKE, np.int64), np.zeros((n, h)), np.zeros((n, h)),
            np.zeros(n, np.int64), np.zeros((n_lags, n), np.int32), np.zeros(n_lags, np.int64),
        )  # fmt: skip

    def __len__(self) -> int:
        return int(self.synapses.size)


def plastic_mask(
    spec: Any,
    sources: np.ndarray,
    targets: np.ndarray,
    index: Mapping[Hashable, int],
    parameter: str = "'plastic' parameter",
) -> np.ndarray:
    """Which synapses are plastic: None (all), a boolean mask, or (sources, targets).

    Args:
        spec: None; a boolean array, one per synapse in the model's order; or a pair
            ``(source_nodes, target_nodes)``: every synapse from the first collection to
            the second (e.g. the inhibitory population onto the excitatory one).
        sources: the synapses' presynaptic neuron indices.
        targets: the synapses' postsynaptic neuron indices.
        index: node id -> neuron index.
        parameter: what the error messages call ``spec``.

    Returns:
        A boolean array, one per synapse.
    """
    m = sources.size
    if spec is None:
        return np.ones(m, bool)
    if isinstance(spec, tuple) and len(spec) == 2:
        sets = []
        for name, nodes in zip(("sources", "targets"), spec, strict=True):
            sets.append(np.zeros(len(index), bool))
            for node in _nodes(nodes):
                if node not in index:
                    raise ValidationError(
                        f"The {parameter}'s {name} name node {node!r}, which is not "
                        "in the connectome."
                    )
                sets[-1][index[node]] = True
        return sets[0][sources] & sets[1][targets]
    mask = np.asarray(spec)
    if mask.dtype != bool or mask.shape != (m,):
        raise ValidationError(
            f"The {parameter} of SpikingModel must be None, a boolean mask with one "
            f"entry per synapse ({m}) or a (sources, targets) pair of node collections. "
            f"Got an array of dtype {mask.dtype} and shape {mask.shape} instead."
        )
    return mask


def _nodes(nodes: Iterable[Hashable] | Hashable) -> list[Hashable]:
    if isinstance(nodes, str) or not isinstance(nodes, Iterable):
        return [nodes]
    return list(nodes)


def model_plastic_synapses(model: Any, rule: Any, plastic: Any) -> PlasticSynapses:
    """The plastic synapses of a :class:`~neuroagents.sim.spiking.SpikingModel`.

    ``model.weights`` must already be the model's own float64 array (the one delivery
    reads); the rule changes it in place.
    """
    sources = np.repeat(np.arange(model.n), np.diff(model.indptr))
    targets = model.targets.astype(np.int64)
    mask = plastic_mask(plastic, sources, targets, model.connectome.index)
    chosen = np.flatnonzero(mask)
    return PlasticSynapses(
        rule,
        chosen,
        sources[chosen],
        targets[chosen],
        model.delays.steps[chosen],
        model.delay_kind,
        model.weights,
        model.n,
        model.dt,
    )
