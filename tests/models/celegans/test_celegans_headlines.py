"""Headline numbers of the celegans and hopfield-on-a-connectome experiments, on known tables.

The headline functions read an experiment's tables; built by hand here, the expected
numbers are known: a gap-junction activity table with a chosen error and hop means, a
statistics table with a chosen null spread, one-step errors with a chosen mean.
"""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.celegans.experiments.headlines import (
    celegans_headlines,
    hopfield_headlines,
)
from neuroagents.runner.experiment import ExperimentResult


def _celegans_result():
    stats = pd.DataFrame(
        [
            {"statistic": "nodes", "null": "-", "observed": 4.0},
            {"statistic": "edges", "null": "-", "observed": 5.0},
            {"statistic": "density", "null": "-", "observed": 5 / 12},
            {"statistic": "reciprocity", "null": "erdos_renyi", "observed": 0.4,
             "null_mean": 0.1, "null_std": 0.05, "z": 6.0, "ratio": 4.0},
            {"statistic": "clustering", "null": "rewired", "observed": 0.3,
             "null_mean": 0.15, "null_std": 0.01, "z": 15.0, "ratio": 2.0},
            {"statistic": "path_length", "null": "rewired", "observed": 2.0,
             "null_mean": 2.0, "null_std": 0.0, "z": np.nan, "ratio": 1.0},
            {"statistic": "sigma", "null": "rewired", "observed": 2.0, "null_mean": 1.0,
             "null_std": np.nan, "z": np.nan, "ratio": np.nan},
        ]
    )  # fmt: skip
    freq = pd.DataFrame({"frequency": [0.5, 0.3, 0.2, 0.0], "stationary": [0.4, 0.4, 0.2, 0.0]})
    samples = pd.DataFrame(
        {"sampler": ["plain_walk"] * 3, "node": [0, 1, 2], "degree": [1, 2, 3],
         "in_component": True, "count": [10, 20, 30], "expected_uniform": 20.0,
         "chi2_pvalue": 0.01}
    )  # fmt: skip
    cycles = pd.DataFrame({"length": [2], "estimate": [9.5], "stderr": [0.5], "exact": [10],
                           "z": [-1.0]})  # fmt: skip
    activity = pd.DataFrame(
        {"hops": [0, 0, 1, 1, -1], "v_sim": [1.0, 0.8, 0.1, 0.3, 0.0],
         "v_theory": [1.0, 0.8, 0.1, 0.3 + 2e-13, 0.0]}
    )  # fmt: skip
    tables = {"walk_frequencies": freq, "uniform_samples": samples, "cycles": cycles,
              "activity": activity}  # fmt: skip
    return ExperimentResult(stats, "", {}, tables)


def test_celegans_headlines_read_the_tables():
    params = {"nulls": 100, "models": 20, "walk_steps": 1000, "samples": 60, "cycle_walks": 50}
    h = celegans_headlines(_celegans_result(), params)
    assert h["observed.density"].value == pytest.approx(5 / 12)
    assert h["observed.clustering"].value == 0.3
    # a null mean's error is the nulls' s.d. / sqrt(nulls): 100 for reciprocity, 20 for
    # the small-world statistics (nulls // 5, as connectome_statistics runs them)
    assert h["erdos_renyi.reciprocity.null_mean"].se == pytest.approx(0.05 / 10)
    assert h["rewired.clustering.null_mean"].se == pytest.approx(0.01 / math.sqrt(20))
    assert h["rewired.clustering.null_mean"].n == 20
    assert h["rewired.sigma.value"].value == 2.0
    assert h["walk.total_variation"].value == pytest.approx(0.1)  # (0.1 + 0.1) / 2
    # counts proportional to degree: correlation 1
    assert h["sampling.plain_walk.degree_correlation"].value == pytest.approx(1.0)
    assert h["cycles.length2.estimate"].se == 0.5 and h["cycles.length2.exact"].value == 10
    assert h["activity.max_error"].value == pytest.approx(2e-13, rel=1e-3)
    assert h["activity.unreachable"].value == 1
    assert h["activity.hops0.mean"].value == pytest.approx(0.9)
    assert h["activity.hops1.mean"].value == pytest.approx(0.2)


def test_hopfield_headlines_average_the_pattern_sets():
    table = pd.DataFrame({"patterns": [3] * 4, "error": [0.1, 0.2, 0.3, 0.4]})
    summary = pd.DataFrame(
        {"patterns": [3], "error_count": [4], "error_mean": [0.25], "theory": [0.2],
         "theory_mean_degree": [0.05], "z": [0.25 / 0.0645]}
    )  # fmt: skip
    by_degree = pd.DataFrame({"degree": [1, 2, 3, 10]})
    result = ExperimentResult(table, "", {}, {"summary": summary, "by_degree": by_degree})
    h = hopfield_headlines(result, {})
    assert h["p3.error"].value == pytest.approx(0.25) and h["p3.error"].n == 4
    assert h["p3.error"].se == pytest.approx(np.std([0.1, 0.2, 0.3, 0.4], ddof=1) / 2)
    assert h["p3.error_over_homogeneous"].value == pytest.approx(5.0)
    assert h["max_abs_z"].value == pytest.approx(0.25 / 0.0645)
    assert (h["degree.min"].value, h["degree.max"].value, h["degree.mean"].value) == (1, 10, 4)
