"""Every declared parameter of every shipped experiment changes its output; --seed too.

For each experiment, its ``--quick`` parameters are the baseline; each parameter in turn
is moved to a nearby valid value (:func:`candidates`) and the run's tables must change
(its main table or any further table). A parameter that cannot change the tables is
named in :data:`INERT` with the reason. A stochastic experiment's tables must change
with the seed; a deterministic one says so (``Experiment.deterministic``, checked by
tests/test_experiment_seeds.py).

Every quick run of every experiment, once per parameter: most of an hour on a loaded
2-core machine, so marked ``slow`` and ``audit`` (``-m "not audit"`` leaves it out of a
CI run); the baselines are computed once per experiment and cached for the module.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import NeuroagentsError
from neuroagents.runner.experiment import Experiment, Param, available_models

EXECUTION = {
    "backend": "where the runs execute; the same seed gives the same table on every "
    "backend (tests/test_sweep_anywhere.py)",
    "workers": "how many processes run them; likewise",
}
INERT: dict[tuple[str, str, str], str] = {
    # (model, experiment, parameter): why it cannot change the tables
    ("motor", "soc", "steps"): "a cap on the optimisation: the quick circuits reach the "
    "target long before it, and a cap that binds leaves a circuit unstable, which the "
    "experiment refuses",
    ("hopfield", "retrieval", "engine"): "the compiled and the agents engine follow the "
    "identical trajectory for one seed, by design (tests/test_engines.py)",
    ("hopfield", "retrieval", "max_sweeps"): "a sweep budget: the quick patterns (10 of 100 "
    "bits flipped, alpha = 0.05) reach their fixed point within one sweep",
    ("ei", "balance", "engine"): "the compiled and the agents engine follow the identical "
    "trajectory for one seed, by design (tests/test_engines.py)",
    ("ei", "agreement", "engine"): "likewise",
    ("ei", "balance", "time_unit"): "a unit: read only by the Hopf-point spectra (in Hz), "
    "which the quick config's tau ratios (1 and 40) do not reach",
    ("ei", "agreement", "time_unit"): "a unit label: the dynamics and tables are in units of tau",
    ("ei", "phase", "time_unit"): "likewise",
    ("hopfield_tank", "phase", "B"): "the phase diagram runs on A = B; a B apart from A is "
    "refused (ConfigError), not ignored",
    ("rate", "integrator", "hold"): "the time held after each pulse: a perfect integrator "
    "(lambda_1 = 1) holds c_1 exactly, so the table cannot change (the figure's time "
    "course does)",
}
"""Parameters declared to have no effect on an experiment's tables, with the reason."""

EXPERIMENTS = {
    (model, exp.name): exp
    for model, entry in available_models().items()
    for exp in entry.experiments.values()
}
CASES = [
    (model, name, param)
    for (model, name), exp in EXPERIMENTS.items()
    for param in exp.params
    if param not in EXECUTION
]


def candidates(param: Param, value: Any) -> list[Any]:
    """Valid values near ``value`` to try, different from it (none when there is none).

    Numbers move up, then down, by a quarter (or by 1 for integers), then up by twice
    that, then double, then go to their lower bound, inside the bounds (a cap such as
    ``steps`` matters only where it binds; a value the experiment's own cross-checks
    refuse is passed);
    booleans flip; a closed set gives its next choice; a list varies its first item (or
    drops its last, for text items).

    Examples:
        >>> candidates(Param(10, "n", low=1, high=10), 10)
        [9, 1]
        >>> candidates(Param(0.5, "p", low=0, high=1), 0.5)
        [0.625, 0.375, 0.75, 1.0, 0.0]
        >>> candidates(Param(["a", "b"], "methods", choices=("a", "b")), ["a", "b"])
        [['a']]
        >>> candidates(Param("a", "x", choices=("a", "b")), "a")
        ['b']
        >>> candidates(Param([1.0, 2.0], "xs"), [1.0, 2.0])
        [[1.25, 2.0], [0.75, 2.0], [1.5, 2.0], [2.0, 2.0]]
    """
    if param.choices is not None and not isinstance(value, list):
        return [c for c in param.choices if c != value][:1]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        step = 1 if isinstance(value, int) else (abs(value) * 0.25 or 0.1)
        # a cap (most steps) matters only when it binds: its lowest value, last
        tries = (value + step, value - step, value + 2 * step, 2 * value, param.low)
        return list(
            dict.fromkeys(
                type(value)(c)
                for c in tries
                if c is not None
                and c != value
                and (param.low is None or c >= param.low)
                and (param.high is None or c <= param.high)
            )
        )
    if isinstance(value, list) and value:
        if isinstance(value[0], str) or param.choices is not None:
            return [value[:-1]] if len(value) > 1 else []
        items = candidates(Param(value[0], "", low=param.low, high=param.high), value[0])
        return [[item, *value[1:]] for item in items]
    return []


def _run(exp: Experiment, params: dict[str, Any], seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    result = exp.run(dict(params), rng)
    return {"table": result.table, **result.tables}


def _quick(exp: Experiment) -> dict[str, Any]:
    params = {name: p.default for name, p in exp.params.items()} | dict(exp.quick)
    if "backend" in params:
        params["backend"] = "serial"  # parallel-free: the same tables (EXECUTION)
    return params


@functools.cache
def _baseline(model: str, name: str) -> dict[str, pd.DataFrame]:
    return _run(EXPERIMENTS[model, name], _quick(EXPERIMENTS[model, name]))


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key].reset_index(drop=True), b[key].reset_index(drop=True)
        if x.shape != y.shape or list(x.columns) != list(y.columns):
            return False
        try:
            pd.testing.assert_frame_equal(x, y, check_dtype=False, check_exact=True)
        except AssertionError:
            return False
    return True


@pytest.mark.slow
@pytest.mark.audit
@pytest.mark.parametrize(("model", "name", "param"), CASES, ids=lambda v: str(v))
def test_every_parameter_changes_the_tables(model, name, param):
    exp = EXPERIMENTS[model, name]
    if (model, name, param) in INERT:
        pytest.skip(INERT[model, name, param])
    params = _quick(exp)
    tried = candidates(exp.params[param], params[param])
    if exp.params[param].default not in (params[param], *tried):
        tried.append(exp.params[param].default)  # the full run's value, last
    if not tried:
        pytest.skip(f"no nearby valid value of {param} = {params[param]!r} to try")
    for new in tried:
        try:
            changed = _run(exp, {**params, param: new})
        except NeuroagentsError:  # refused with the others (directions must be even...)
            continue
        if not _same(_baseline(model, name), changed):
            return
    pytest.fail(
        f"{model}/{name}: params.{param} = {params[param]!r} -> {tried!r} left every table "
        "unchanged (ignored, or declare it in INERT with the reason)"
    )


@pytest.mark.slow
@pytest.mark.audit
@pytest.mark.parametrize(
    ("model", "name"),
    [key for key, exp in EXPERIMENTS.items() if not exp.deterministic],
    ids=lambda v: str(v),
)
def test_the_seed_changes_a_stochastic_experiments_tables(model, name):
    exp = EXPERIMENTS[model, name]
    assert not _same(_baseline(model, name), _run(exp, _quick(exp), seed=1))


def test_every_inert_entry_names_a_declared_parameter():
    for model, name, param in INERT:
        assert param in EXPERIMENTS[model, name].params, (model, name, param)
