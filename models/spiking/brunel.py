"""Brunel (2000) model A: sparsely connected excitatory and inhibitory LIF neurons.

Pieces:
    BrunelParams: the network's parameters (the paper's names and defaults), validated.
    STATES: the four states of Fig. 8 as (g, ν_ext/ν_thr).
    brunel_connectome: the wiring, fixed in-degree (NEST's ``fixed_indegree``) or
        binomial (Brian2's ``connect(p=ε)``).
    brunel_model: a SpikingModel of the network with its external Poisson drive.
    brunel_seeds: the wiring and model seeds brunel_model draws from one seed.

The model (Brunel 2000, section 2): N_E excitatory and N_I = N_E/4 inhibitory
``iaf_psc_delta`` neurons (τ = 20 ms, θ = 20 mV, V_r = 10 mV, τ_rp = 2 ms, E_L = 0).
Each neuron receives C_E = ε N_E excitatory synapses of J mV and C_I = ε N_I inhibitory
ones of −gJ, all with delay D, plus C_ext = C_E external Poisson inputs of J at ν_ext
each. ν_thr = θ / (J C_E τ) is the external rate that brings the mean input to
threshold without recurrent input.

Multiple synapses between one pair (the fixed in-degree wiring draws sources with
replacement, as NEST's default) are merged into one synapse of the summed weight:
with one delay D for every synapse this delivers exactly the same input.

Reference:
    N. Brunel, "Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons", J. Comput. Neurosci. 8 (2000) 183–208.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp
from numba import njit, prange

from neuroagents.connectome import Connectome
from neuroagents.connectome.block_assembly import transposed
from neuroagents.connectome.csr_pair import from_csr_pair
from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = [
    "STATES",
    "WIRINGS",
    "BrunelParams",
    "brunel_connectome",
    "brunel_model",
    "brunel_seeds",
]

WIRINGS = ("fixed-indegree", "binomial")

STATES: dict[str, tuple[float, float]] = {
    "SR": (3.0, 2.0),
    "SI_fast": (6.0, 4.0),
    "AI": (5.0, 2.0),
    "SI_slow": (4.5, 0.9),
}
"""Brunel (2000) Fig. 8: state -> (g, ν_ext / ν_thr)."""


@dataclass(frozen=True)
class BrunelParams:
    """Parameters of Brunel's model A (mV, ms, Hz).

    Attributes:
        N_E: excitatory neurons; N_I: inhibitory neurons.
        epsilon: connection probability (in-degree C = ε N).
        J: excitatory weight (mV); inhibitory synapses have −g J.
        g: relative strength of inhibition.
        nu_ratio: ν_ext / ν_thr.
        D: delay (ms).
        tau: membrane time constant; theta: threshold; V_r: reset; t_ref: refractory.
        wiring: ``"fixed-indegree"`` or ``"binomial"``.
        dt: the grid step (ms).

    Examples:
        >>> p = BrunelParams()
        >>> p.C_E, p.C_I, p.nu_thr
        (1000, 250, 10.0)
    """

    N_E: int = 10_000
    N_I: int = 2_500
    epsilon: float = 0.1
    J: float = 0.1
    g: float = 5.0
    nu_ratio: float = 2.0
    D: float = 1.5
    tau: float = 20.0
    theta: float = 20.0
    V_r: float = 10.0
    t_ref: float = 2.0
    wiring: str = "fixed-indegree"
    dt: float = 0.1

    def __post_init__(self) -> None:
        where = "BrunelParams"
        check_int("N_E", self.N_E, where, low=1)
        check_int("N_I", self.N_I, where, low=1)
        check_real("epsilon", self.epsilon, where, low=0.0, high=1.0, low_open=True)
        for name in ("J", "g", "tau", "D", "dt"):
            check_real(name, getattr(self, name), where, low=0.0, low_open=True)
        check_real("nu_ratio", self.nu_ratio, where, low=0.0)
        check_real("t_ref", self.t_ref, where, low=0.0)
        check_real("theta", self.theta, where, low=self.V_r, low_open=True)
        check_choice("wiring", self.wiring, where, WIRINGS)
        if self.C_E < 1 or self.C_I < 1:
            raise ValidationError(
                f"BrunelParams gives in-degrees C_E = {self.C_E}, C_I = {self.C_I}; both must "
                "be >= 1. Raise epsilon or the population sizes."
            )

    @property
    def C_E(self) -> int:
        """Excitatory in-degree ε N_E (also the number of external inputs)."""
        return round(self.epsilon * self.N_E)

    @property
    def C_I(self) -> int:
        """Inhibitory in-degree ε N_I."""
        return round(self.epsilon * self.N_I)

    @property
    def nu_thr(self) -> float:
        """ν_thr = θ / (J C_E τ), in Hz."""
        return 1000.0 * self.theta / (self.J * self.C_E * self.tau)

    @property
    def nu_ext(self) -> float:
        """The external rate per input, ν_ext = nu_ratio · ν_thr (Hz)."""
        return self.nu_ratio * self.nu_thr

    def neuron_params(self) -> LIFParams:
        """The LIF parameters of every neuron (E_L = 0; C_m = 250 pF, which only scales I_e)."""
        return LIFParams(
            tau_m=self.tau, C_m=250.0, E_L=0.0, V_th=self.theta, V_reset=self.V_r,
            t_ref=self.t_ref,
        )  # fmt: skip

    def to_config(self) -> dict[str, float | int | str]:
        """The parameters as a plain dict."""
        return asdict(self)


def _sources(
    rng: np.random.Generator, n_targets: int, pool: int, degree: int, wiring: str
) -> tuple[np.ndarray, np.ndarray]:
    """(targets, sources) of the synapses from a pool of ``pool`` neurons."""
    if wiring == "fixed-indegree":
        sources = rng.integers(0, pool, size=(n_targets, degree), dtype=np.int32)
        return np.repeat(np.arange(n_targets, dtype=np.int32), degree), sources.ravel()
    p = degree / pool
    rows, cols = [], []
    chunk = max(1, (1 << 24) // pool)  # bound the memory of the Bernoulli draws
    for start in range(0, n_targets, chunk):
        mask = rng.random((min(chunk, n_targets - start), pool)) < p
        r, c = np.nonzero(mask)
        rows.append((r + start).astype(np.int32))
        cols.append(c.astype(np.int32))
    return np.concatenate(rows), np.concatenate(cols)


def brunel_connectome(params: BrunelParams, rng: object = None) -> Connectome:
    """The network's wiring: E sources first (0..N_E−1), then I; weights J and −gJ (mV).

    Node attribute ``population`` is ``"E"`` or ``"I"``.

    Examples:
        Every neuron gets C_E J of excitation and g J C_I of inhibition (repeated pairs
        merged into one synapse of the summed weight):

        >>> p = BrunelParams(N_E=400, N_I=100, epsilon=0.1)
        >>> W = brunel_connectome(p, rng=0).to_scipy()
        >>> bool(np.allclose(W[:, :400].sum(axis=1), p.C_E * p.J))
        True
        >>> bool(np.allclose(W[:, 400:].sum(axis=1), -p.g * p.J * p.C_I))
        True
    """
    gen = as_generator(rng, "brunel_connectome")
    n_e, n_i, n = params.N_E, params.N_I, params.N_E + params.N_I
    population = np.repeat(np.array(["E", "I"], dtype=object), [n_e, n_i])
    weights = (np.float32(params.J), np.float32(-params.g * params.J))
    if params.wiring == "fixed-indegree":  # the draws of _sources, straight to CSR
        se = gen.integers(0, n_e, size=(n, params.C_E), dtype=np.int32)
        si = gen.integers(0, n_i, size=(n, params.C_I), dtype=np.int32)
        w_in = _fixed_indegree_csr(se, si, n_e, weights)
        return from_csr_pair(w_in, transposed(w_in), node_attrs={"population": population})
    te, se = _sources(gen, n, n_e, params.C_E, params.wiring)
    ti, si = _sources(gen, n, n_i, params.C_I, params.wiring)
    rows = np.concatenate([te, ti])
    cols = np.concatenate([se, si + n_e])
    data = np.concatenate([np.full(te.size, weights[0]), np.full(ti.size, weights[1])])
    w = sp.csr_array((data, (rows, cols)), shape=(n, n))  # duplicates summed
    w.sum_duplicates()
    return Connectome(w, node_attrs={"population": population}, directed=True, storage="sparse")


@njit(parallel=True, cache=True)
def _sort_and_count(e_sources, i_sources):
    """Sort every row's E and I sources in place; the distinct sources of each row."""
    n = e_sources.shape[0]
    counts = np.empty(n, np.int64)
    for r in prange(n):
        e_sources[r].sort()
        i_sources[r].sort()
        distinct = 0
        for row in (e_sources[r], i_sources[r]):
            for q in range(row.shape[0]):
                if q == 0 or row[q] != row[q - 1]:
                    distinct += 1
        counts[r] = distinct
    return counts


@njit(cache=True)
def _merge_row(row, shift, w, k, indices, data):
    """Append a sorted row's distinct sources after position ``k``; the last position."""
    for q in range(row.shape[0]):
        if q == 0 or row[q] != row[q - 1]:
            k += 1
            indices[k] = row[q] + shift
            data[k] = w
        else:
            data[k] += w
    return k


@njit(parallel=True, cache=True)
def _merge_rows(e_sources, i_sources, n_e, w_e, w_i, indptr, indices, data):
    """Each row's distinct sources (I shifted by ``n_e``), repeats' weights summed in order."""
    for r in prange(e_sources.shape[0]):
        k = _merge_row(e_sources[r], 0, w_e, indptr[r] - 1, indices, data)
        _merge_row(i_sources[r], n_e, w_i, k, indices, data)


def _fixed_indegree_csr(
    e_sources: np.ndarray, i_sources: np.ndarray, n_e: int, weights: tuple[np.float32, ...]
) -> sp.csr_array:
    """The in-edge CSR of per-row source draws, repeated sources merged (weights summed).

    Each row sorted in place and merged by compiled loops on every thread (rows are
    independent: the same arrays on any thread count); a repeat's float32 weights are
    summed in order, as scipy's ``sum_duplicates`` does. E sources come before I ones.
    """
    n = e_sources.shape[0]
    counts = _sort_and_count(e_sources, i_sources)
    nnz = int(counts.sum())
    indptr = np.zeros(n + 1, np.int32 if nnz < np.iinfo(np.int32).max else np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.empty(nnz, np.int32)
    data = np.empty(nnz, np.float32)
    _merge_rows(e_sources, i_sources, np.int32(n_e), weights[0], weights[1], indptr, indices,
                data)  # fmt: skip
    w = sp.csr_array((data, indices, indptr), shape=(n, n))
    w.has_sorted_indices = True
    return w


def brunel_seeds(rng: object) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """The (wiring, model) seeds :func:`brunel_model` draws from one seed, in its order."""
    seeds = np.random.SeedSequence(int(as_generator(rng, "brunel_model").integers(2**63)))
    wiring_seed, model_seed = seeds.spawn(2)
    return wiring_seed, model_seed


def brunel_model(
    params: BrunelParams, *, rng: object = None, engine: str = "compiled", v0: str = "uniform"
) -> SpikingModel:
    """Brunel's network as a SpikingModel, external Poisson drive included.

    Wiring, initial potentials and external input use separate streams of one seed.
    """
    wiring_seed, model_seed = brunel_seeds(rng)
    connectome = brunel_connectome(params, np.random.default_rng(wiring_seed))
    model = SpikingModel(
        connectome,
        neuron="iaf_psc_delta",
        params=params.neuron_params(),
        dt=params.dt,
        delay=params.D,
        engine=engine,
        v0=v0,
        rng=model_seed,
    )
    model.add_poisson_input(params.C_E * params.nu_ext, params.J, name="external")
    return model
