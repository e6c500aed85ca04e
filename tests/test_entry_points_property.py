"""Property pass over public entry points: a library error or a result, never a crash.

Random, often hostile, inputs (NaN, infinities, huge and tiny numbers, words, objects,
empty arrays, wrong dimensions) go to NeuralModel's keywords, the Boltzmann and
Hopfield-Tank estimators, ``na.sweep`` and every public function of
``neuroagents.analysis``. Each call must either return or raise a
:class:`~neuroagents.errors.NeuroagentsError`; any other exception (numpy's broadcasting
messages, ``ZeroDivisionError``, ``IndexError``, ``TypeError`` ...) fails the test.
Results that return are checked for the one property each promises (finite where the
input was, right shape, rows that are distributions, degrees kept by rewiring ...).

The analysis part runs in subprocesses (tests/subprocess_cases.py), since several of
those functions reach numba kernels: a segfault or a hang fails the test naming the case.
Its size: 54 entry points (every name in the analysis modules' ``__all__`` that is a
function, and JPCA's fit and project; a test checks the list is complete), each called
on 24 fixed pairs of edge arrays (0-d, empty, NaN, 1e300, 3-D, a valid ring graph ...)
and on 3 batches x 4 pairs of 8 drawn arrays: 1296 + 648 = 1944 calls in 4 subprocesses.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import warnings
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import neuroagents as na
from neuroagents import analysis
from neuroagents.errors import NeuroagentsError
from neuroagents.models import boltzmann as bz
from neuroagents.models import hopfield_tank as ht

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_entry_points import ENTRIES, NOT_CALLABLE
from subprocess_cases import run_cases

WORKER = Path(__file__).with_name("analysis_property_worker.py")
RING = np.roll(np.eye(4), 1, axis=1) + np.roll(np.eye(4), -1, axis=1)  # a valid graph

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hostile_floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1e-300, -1e300, 1e300, 0.5, 1.0, -1.0]),
)


def arrays(max_dims: int = 3, max_side: int = 5) -> st.SearchStrategy[np.ndarray]:
    """Float arrays of 0..max_dims dimensions, sides 0..max_side, hostile values."""
    return hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=max_side),
        elements=hostile_floats,
    )


junk = st.one_of(
    st.text(max_size=4),
    st.just(object()),
    st.none(),
    st.lists(st.one_of(st.text(max_size=2), hostile_floats), max_size=4),
    st.dictionaries(st.text(max_size=2), hostile_floats, max_size=2),
    hostile_floats,
    st.integers(min_value=-(2**70), max_value=2**70),
    arrays(2, 4),
)


def library_error_or_result(fn, *args, **kwargs):
    """Call fn; a NeuroagentsError counts as a clear refusal (returned as None)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs)
        except NeuroagentsError:
            return None


# ---------------------------------------------------------------- NeuralModel
KEYWORDS = ("threshold", "drive", "tau", "dt", "temperature", "record_every", "state",
            "model_reporters", "agent_reporters", "integrator", "scheduler", "rng")  # fmt: skip


@FAST
@given(name=st.sampled_from(KEYWORDS), value=junk, rule=st.sampled_from(["sign", "linear"]))
def test_neural_model_keywords(name, value, rule):
    W = np.array([[0.0, 1.0], [1.0, 0.0]])
    if name == "temperature":
        rule = "glauber"
    kwargs = {"rule": rule, "rng": 0, name: value}
    m = library_error_or_result(na.NeuralModel, W, **kwargs)
    if m is not None:
        library_error_or_result(m.run_for, 2)
        assert np.isfinite(m.state).all() or rule == "linear"


@FAST
@given(at=junk, every=st.one_of(st.none(), hostile_floats), end=hostile_floats)
def test_hooks_and_run_until(at, every, end):
    m = na.NeuralModel(np.array([[0.5]]), rule="linear", rng=0, record_every=None)
    if every is None:
        library_error_or_result(m.add_hook, lambda model: None, at=at)
    else:
        library_error_or_result(m.add_hook, lambda model: None, every=every)
    library_error_or_result(m.run_until, end)
    assert np.isfinite(m.time)


@FAST
@given(nodes=junk, values=junk)
def test_clamp(nodes, values):
    m = na.NeuralModel(np.array([[0.0, 1.0], [1.0, 0.0]]), rule="sign", rng=0)
    library_error_or_result(m.clamp, nodes, values)
    assert set(np.unique(m.state)) <= {-1.0, 1.0}


# ---------------------------------------------------------------- estimators
@FAST
@given(X=arrays(3, 6))
def test_rbm_fit(X):
    rbm = library_error_or_result(bz.RBM(2, n_iter=1, random_state=0).fit, X)
    if rbm is not None:
        assert np.isfinite(rbm.components_).all()


@FAST
@given(V=arrays(3, 4), schedule=st.one_of(junk, st.lists(st.tuples(junk, junk), max_size=2)))
def test_boltzmann_machine(V, schedule):
    bm = library_error_or_result(bz.BoltzmannMachine, 3, 1, schedule=schedule, random_state=0)
    bm = bm or bz.BoltzmannMachine(3, 1, schedule=((1, 1.0),), random_state=0)
    library_error_or_result(bm.fit, V, n_cycles=1)
    assert np.isfinite(bm.weights_).all()


@FAST
@given(d=arrays(3, 5), tour=junk)
def test_tank_model_and_tour_length(d, tour):
    m = library_error_or_result(ht.TankModel, d, rng=0)
    if m is not None:
        assert np.isfinite(m.distances).all()
    length = library_error_or_result(ht.tour_length, tour, d)
    if length is not None:
        assert np.isfinite(length) and length >= 0


# ---------------------------------------------------------------- sweep
def _echo(params, rng):
    return {"y": 1}


@FAST
@given(grid=st.one_of(junk, st.dictionaries(st.text(max_size=3), junk, max_size=2)),
       params=st.one_of(st.none(), st.dictionaries(st.text(max_size=3), junk, max_size=2)),
       seeds=junk)  # fmt: skip
def test_sweep(grid, params, seeds):
    table = library_error_or_result(
        na.sweep, _echo, grid=grid, params=params, seeds=seeds, progress=False
    )
    if table is not None:
        assert (table["status"] == "ok").all()


# ---------------------------------------------------------------- analysis
# Every public function of neuroagents.analysis (tests/analysis_entry_points.py), called
# in a subprocess (tests/subprocess_cases.py): a segfault or hang in a compiled kernel
# fails the test and names the case instead of killing pytest.
EDGE_ARRAYS = (
    np.array(0.5), np.zeros(0), np.zeros((0, 0)), np.zeros((0, 3)), np.zeros((3, 0)),
    np.full((2, 2), np.nan), np.full((3, 3), 1e300), np.ones((1, 1)), np.ones((2, 2, 2)),
    RING, RING[:, :3], np.linspace(0, 1, 12).reshape(4, 3),
)  # fmt: skip
tame = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6),
    elements=st.floats(-1, 1, width=32) | st.sampled_from([0.0, 1.0]),
)
drawn = st.one_of(arrays(3, 5), tame, tame.map(np.abs), tame.map(lambda x: x + x.T if
                  x.ndim == 2 and x.shape[0] == x.shape[1] else x))  # fmt: skip
POOL, PER_ENTRY = 8, 4  # arrays drawn a batch; pairs of them per entry, rotated


def _cases(pairs_of: dict) -> list[dict]:
    return [
        {"id": f"{name}/{k}", "name": name, "a": a, "b": b}
        for name, pairs in pairs_of.items()
        for k, (a, b) in enumerate(pairs)
    ]


def _judge(cases: list[dict]) -> list[str]:
    verdicts = run_cases(WORKER, cases, timeout=300)
    by_id = {case["id"]: case for case in cases}
    bad = [v for v in verdicts if v.startswith("BAD")]
    assert not bad, "\n".join(bad[:30]) + f"\nfirst case: {by_id[bad[0].split()[1]] if bad else ''}"
    return verdicts


def test_the_pass_covers_every_public_analysis_function():
    public = set()
    for info in pkgutil.iter_modules(analysis.__path__):
        module = importlib.import_module(f"neuroagents.analysis.{info.name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and name not in NOT_CALLABLE:  # an estimator's verbs
                public |= {f"{name}.{m}" for m, f in vars(obj).items()
                           if inspect.isfunction(f) and not m.startswith("_")}  # fmt: skip
            elif name not in NOT_CALLABLE:
                public.add(name)
    assert public == set(ENTRIES)


def test_analysis_functions_on_edge_arrays():
    pairs = [(a, b) for a in EDGE_ARRAYS for b in (a, RING)]
    verdicts = _judge(_cases({name: pairs for name in sorted(ENTRIES)}))
    words = [v.split()[0] for v in verdicts]
    # both verdicts happen: the edge arrays are refused, the valid ones computed
    assert words.count("REFUSED") > len(words) // 4 and words.count("OK") > len(ENTRIES)


@settings(
    max_examples=3, deadline=None, phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)  # fmt: skip
@given(pool=st.lists(drawn, min_size=POOL, max_size=POOL))
def test_analysis_functions_on_drawn_arrays(pool):
    # every entry gets its own rotation of the pool, so each array meets many functions
    pairs_of = {
        name: [(pool[(i + j) % POOL], pool[(i + j + 1) % POOL]) for j in range(PER_ENTRY)]
        for i, name in enumerate(sorted(ENTRIES))
    }
    _judge(_cases(pairs_of))
