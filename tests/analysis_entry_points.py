"""Every public function of ``neuroagents.analysis``, as a call on two hostile arrays.

ENTRIES: name -> (call, check). ``call(a, b)`` feeds the arrays to the function, with
sensible values for its other arguments (small sizes, a seed, ``f(x) = -x`` where a
function of the state is needed, a tanh rate model on weights ``a`` where a model is);
``check(result, a, b)`` returns "" or what is wrong with a result that came back.
NOT_CALLABLE: the public names that are constants or result types, not entry points.
Used by tests/analysis_property_worker.py and tests/test_entry_points_property.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import neuroagents as na
from neuroagents import analysis
from neuroagents.analysis import (
    connectome,
    dynamics,
    jpca,
    limit_cycles,
    lyapunov,
    random_graphs,
    random_walks,
    sparsify,
    spikes,
    tangling,
    vector_fields,
)

NOT_CALLABLE = {
    "BANDS", "TIME_UNITS", "TRIAD_NAMES", "FixedPoint", "JPCAResult", "LimitCycle",
    "LyapunovResult", "OdeFixedPoint", "VectorField",
}  # fmt: skip


def _decay(x: np.ndarray) -> np.ndarray:
    return -np.asarray(x)


def _model(weights: np.ndarray) -> na.NeuralModel:
    return na.NeuralModel(weights, rule="tanh", rng=0, record_every=None)


def _table(a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
    """A sweep-like table: groups from b's sign, values from a (raveled, cut to one length)."""
    v, g = a.ravel(), np.sign(b.ravel())
    n = min(v.size, g.size)
    return pd.DataFrame({"g": g[:n], "v": v[:n], "status": "ok"})


def _spikes(a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
    """A spike table: neurons from a (as integers where finite), times from b."""
    n, t = a.ravel(), b.ravel()
    k = min(n.size, t.size)
    neurons = np.where(np.isfinite(n[:k]), np.abs(n[:k]), 0).astype(np.int64) % 5
    return pd.DataFrame({"neuron": neurons, "time": t[:k]})


def _fitted_jpca() -> jpca.JPCA:
    t = np.linspace(0, 3, 20)[:, None]
    datas = [np.hstack([np.cos(t + c), np.sin(t + c), np.cos(2 * t + c)]) for c in range(3)]
    model = jpca.JPCA(num_jpcs=2)
    model.fit(datas, num_pcs=2)
    return model


def _finite(x: Any) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def _all_finite(*arrays: np.ndarray) -> bool:
    return all(_finite(x) for x in arrays)


def _no_check(result: Any, a: np.ndarray, b: np.ndarray) -> str:
    return ""


def _check_tangling(q: Any, a: np.ndarray, b: np.ndarray) -> str:
    # a 3-D array is conditions x times x dimensions: Q for every time of every condition
    rows = a.shape[0] * a.shape[1] if a.ndim == 3 else a.shape[0] if a.ndim == 2 else a.size
    ok = np.shape(q) == (rows,) and _finite(q) and bool(np.all(np.asarray(q) >= 0))
    return "" if ok else f"Q of shape {np.shape(q)} for {rows} states, or negative/non-finite"


def _check_pairwise(q: Any, a: np.ndarray, b: np.ndarray) -> str:
    ok = np.shape(q) == (a.shape[0],) and _finite(q) and bool(np.all(np.asarray(q) >= 0))
    return "" if ok else f"Q of shape {np.shape(q)} for x of shape {a.shape}"


def _check_epsilon(eps: Any, a: np.ndarray, b: np.ndarray) -> str:
    return "" if np.isfinite(eps) and eps >= 0 else f"epsilon {eps!r}"


def _check_skew(m: Any, a: np.ndarray, b: np.ndarray) -> str:
    k = a.shape[1]
    ok = np.shape(m) == (k, k) and _finite(m) and np.array_equal(m, -m.T)
    return "" if ok else f"M not a finite skew-symmetric {k} x {k} matrix: {m!r}"


def _check_nulls(t: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> str:
    p = t[["p_greater", "p_less"]].to_numpy()
    ok = len(t) == a.size and bool(np.all((p > 0) & (p <= 1)))
    return "" if ok else f"{len(t)} rows for {a.size} statistics, or p outside (0, 1]"


def _check_stochastic(p: Any, a: np.ndarray, b: np.ndarray) -> str:
    ok = _finite(p) and bool(np.all(p >= 0)) and np.allclose(p.sum(axis=1), 1.0)
    return "" if ok else "rows are not probability distributions"


def _check_distribution(pi: Any, a: np.ndarray, b: np.ndarray) -> str:
    ok = _finite(pi) and np.isclose(pi.sum(), 1.0) and bool(np.all(pi > -1e-9))
    return "" if ok else f"not a distribution: {pi!r}"


def _check_rewired(stack: Any, a: np.ndarray, b: np.ndarray) -> str:
    """Degree-preserving nulls keep every node's in- and out-degree."""
    adj = random_graphs.binary_adjacency(a)
    ok = all(
        np.array_equal(g.sum(0), adj.sum(0)) and np.array_equal(g.sum(1), adj.sum(1)) for g in stack
    )
    return "" if ok else "a rewired graph changed a degree"


Call = Callable[[np.ndarray, np.ndarray], Any]
Check = Callable[[Any, np.ndarray, np.ndarray], str]

ENTRIES: dict[str, tuple[Call, Check]] = {
    # spectra and summary
    "power_spectrum": (lambda a, b: analysis.power_spectrum(a, dt=1.0), _no_check),
    "band_power": (lambda a, b: analysis.band_power(a, dt=1.0), _no_check),
    "sampling_rate": (lambda a, b: analysis.spectra.sampling_rate(a), _no_check),
    "summarize": (lambda a, b: analysis.summarize(_table(a, b), "g", "v"), _no_check),
    "tidy": (lambda a, b: analysis.tidy(_table(a, b), "v"), _no_check),
    # spikes
    "firing_rates": (
        lambda a, b: spikes.firing_rates(_spikes(a, b), np.arange(5), 0.0, 10.0),
        _no_check,
    ),
    "isi_cv": (lambda a, b: spikes.isi_cv(_spikes(a, b), 0.0, 10.0), _no_check),
    "fano_factor": (
        lambda a, b: spikes.fano_factor(_spikes(a, b), np.arange(5), 0.0, 10.0, 2.0),
        _no_check,
    ),
    "binned_counts": (
        lambda a, b: spikes.binned_counts(_spikes(a, b), np.arange(5), 0.0, 10.0, 1.0),
        _no_check,
    ),
    "population_rate": (
        lambda a, b: spikes.population_rate(_spikes(a, b), 5, 0.0, 10.0, 1.0),
        _no_check,
    ),
    "synchrony_chi": (lambda a, b: spikes.synchrony_chi(a), _no_check),
    "rate_spectrum": (
        lambda a, b: spikes.rate_spectrum(pd.Series(a.ravel(), dtype=float)),
        _no_check,
    ),
    # tangling
    "tangling": (lambda a, b: tangling.tangling(a), _check_tangling),
    "pairwise_tangling": (lambda a, b: tangling.pairwise_tangling(a, b, 0.1), _check_pairwise),
    "tangling_epsilon": (lambda a, b: tangling.tangling_epsilon(a), _check_epsilon),
    # jPCA
    "jpca": (lambda a, b: jpca.jpca(a), _no_check),
    "skew_symmetric_fit": (lambda a, b: jpca.skew_symmetric_fit(a, b), _check_skew),
    "JPCA.fit": (lambda a, b: jpca.JPCA().fit(a), _no_check),
    "JPCA.project": (lambda a, b: _fitted_jpca().project(a), _no_check),
    # connectome statistics
    "reciprocity": (lambda a, b: connectome.reciprocity(a), _no_check),
    "triad_census": (lambda a, b: connectome.triad_census(a), _no_check),
    "degree_distribution": (lambda a, b: connectome.degree_distribution(a), _no_check),
    "compare_with_nulls": (lambda a, b: connectome.compare_with_nulls(a, b), _check_nulls),
    "reciprocity_vs_nulls": (
        lambda a, b: connectome.reciprocity_vs_nulls(a, nulls=3, rng=0),
        _no_check,
    ),
    "triad_census_vs_nulls": (
        lambda a, b: connectome.triad_census_vs_nulls(a, nulls=3, rng=0),
        _no_check,
    ),
    "small_world": (lambda a, b: connectome.small_world(a, nulls=2, rng=0), _no_check),
    "connectome_statistics": (
        lambda a, b: connectome.connectome_statistics(a, nulls=2, rng=0),
        _no_check,
    ),
    # random graphs
    "binary_adjacency": (lambda a, b: random_graphs.binary_adjacency(a), _no_check),
    "erdos_renyi": (lambda a, b: random_graphs.erdos_renyi(a.size, b.size, 2, rng=0), _no_check),
    "undirected_erdos_renyi": (
        lambda a, b: random_graphs.undirected_erdos_renyi(a.size, b.size, 2, rng=0),
        _no_check,
    ),
    "rewired": (lambda a, b: random_graphs.rewired(a, 2, rng=0), _check_rewired),
    "rewired_undirected": (
        lambda a, b: random_graphs.rewired_undirected(a, 2, rng=0),
        _check_rewired,
    ),
    "reciprocal_digraph": (
        lambda a, b: random_graphs.reciprocal_digraph(
            a.size, a.item() if a.size == 1 else a, 0.5, rng=0
        ),
        _no_check,
    ),
    # random walks
    "transition_matrix": (lambda a, b: random_walks.transition_matrix(a), _check_stochastic),
    "stationary_distribution": (
        lambda a, b: random_walks.stationary_distribution(a, restart=0.1),
        _check_distribution,
    ),
    "random_walk": (lambda a, b: random_walks.random_walk(a, 5, rng=0), _no_check),
    "walk_frequencies": (lambda a, b: random_walks.walk_frequencies(a, 5, rng=0), _no_check),
    "local_uniform_sample": (
        lambda a, b: random_walks.local_uniform_sample(a, 3, steps=5, rng=0),
        _no_check,
    ),
    "cycle_counts": (lambda a, b: random_walks.cycle_counts(a, 3), _no_check),
    "estimate_cycle_counts": (
        lambda a, b: random_walks.estimate_cycle_counts(a, 3, walks=10, rng=0),
        _no_check,
    ),
    # sparsifiers
    "laplacian": (lambda a, b: sparsify.laplacian(a), _no_check),
    "effective_resistances": (lambda a, b: sparsify.effective_resistances(a), _no_check),
    "chernoff_samples": (
        lambda a, b: sparsify.chernoff_samples(a.item() if a.size == 1 else a, b.size),
        _no_check,
    ),
    "spectral_sparsify": (
        lambda a, b: sparsify.spectral_sparsify(a, 0.5, samples=10, rng=0),
        _no_check,
    ),
    "distortion": (lambda a, b: sparsify.distortion(a, b), _no_check),
    "sparsification_table": (
        lambda a, b: sparsify.sparsification_table(a, [0.5], random_vectors=3, low_modes=2, rng=0),
        _no_check,
    ),
    # dynamics of rate models and of functions
    "jacobian": (lambda a, b: dynamics.jacobian(_model(a)), _no_check),
    "fixed_points": (lambda a, b: dynamics.fixed_points(_model(a), starts=2, rng=0), _no_check),
    "vector_field": (
        lambda a, b: vector_fields.vector_field(_model(a)).rhs(_model(a).state),
        _no_check,
    ),
    "integrate": (lambda a, b: vector_fields.integrate(_decay, a, 0.1, 5), _no_check),
    "rk4_step": (
        lambda a, b: vector_fields.rk4_step(vector_fields.vector_field(_decay, dim=2), a, b, 0.1),
        _no_check,
    ),
    "stability_class": (lambda a, b: vector_fields.stability_class(a), _no_check),
    "ode_fixed_points": (lambda a, b: vector_fields.ode_fixed_points(_decay, a), _no_check),
    "nullclines": (
        lambda a, b: vector_fields.nullclines(
            _decay, tuple(a.ravel()[:2]), tuple(b.ravel()[:2]), points=5
        ),
        _no_check,
    ),
    "random_starts": (lambda a, b: vector_fields.random_starts(a, b, 3, rng=0), _no_check),
    "cycle_of": (lambda a, b: limit_cycles.cycle_of(a, b), _no_check),
    "limit_cycle": (
        lambda a, b: limit_cycles.limit_cycle(_decay, a, dt=0.1, transient=0.5, duration=2.0),
        _no_check,
    ),
    "activation_order": (lambda a, b: limit_cycles.activation_order(a, b, 2 * np.pi), _no_check),
    "lyapunov_spectrum": (
        lambda a, b: lyapunov.lyapunov_spectrum(_decay, a, dt=0.1, steps=10, rng=0),
        _no_check,
    ),
    "map_lyapunov": (
        lambda a, b: lyapunov.map_lyapunov(lambda x: 0.5 * x, a, 10, rng=0),
        _no_check,
    ),
    "divergence": (lambda a, b: lyapunov.divergence(_decay, a, dt=0.1, steps=10), _no_check),
}
