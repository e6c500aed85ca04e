"""Headline numbers of the hopfield, worms, motor and ei experiments, on known inputs.

Each headline function reads an experiment's tables; built by hand here, the expected
numbers are known: a retrieval curve that falls at a chosen load, prevalence shares,
per-network jPCA values, one agent run's RMS.
"""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.ei.experiments.headlines import agreement_headlines
from neuroagents.models.hopfield.experiments.headlines import half_retrieval_load
from neuroagents.models.motor.experiments.headlines import rotations_headlines
from neuroagents.models.worms.experiments.headlines import canonical_headlines
from neuroagents.runner.experiment import ExperimentResult


def _retrieval(alpha_half_by_network):
    rows = [
        {"n": 500, "alpha": a, "seed": s, "retrieved": float(a < half)}
        for s, half in enumerate(alpha_half_by_network)
        for a in (0.10, 0.12, 0.14, 0.16, 0.18, 0.20)
    ]
    return pd.DataFrame(rows)


def test_half_retrieval_load_is_where_the_mean_curve_crosses_one_half():
    # every network retrieves below 0.15 and not above: the mean falls from 1 to 0
    # between 0.14 and 0.16, crossing 1/2 at 0.15; identical networks leave no spread
    h = half_retrieval_load(_retrieval([0.15] * 10))[500]
    assert h.value == pytest.approx(0.15) and h.se == pytest.approx(0, abs=1e-12) and h.n == 10
    # networks that differ: the interval covers the point and has a width
    h = half_retrieval_load(_retrieval([0.13, 0.15, 0.17, 0.19] * 3))[500]
    assert h.low < h.value < h.high and h.se > 0


def test_canonical_shares_are_read_from_the_prevalence_and_core_tables():
    prevalence = pd.DataFrame(
        {"animals": [1, 2, 3], "connections": [5, 3, 2], "connection_share": [0.5, 0.3, 0.2],
         "weight_share": [0.1, 0.3, 0.6], "mean_weight": [1.0, 2.0, 3.0]}
    )  # fmt: skip
    core = pd.DataFrame(
        {"animals": [2, 3], "subsets": [3, 1], "mean": [0.4, 0.2], "min": [0.3, 0.2],
         "max": [0.5, 0.2]}
    )  # fmt: skip
    intervals = pd.DataFrame(
        {"statistic": ["reciprocity"], "log_ratio_mean": [1.6], "ci_low": [1.5],
         "ci_high": [1.7]}
    )  # fmt: skip
    result = ExperimentResult(
        prevalence, "", {},
        {"connections": pd.DataFrame({"pre": range(10)}), "core_by_count": core,
         "intervals": intervals, "small_studies": pd.DataFrame(
             {"statistic": ["reciprocity"], "size": [2], "studies": [3], "sign_agrees": [2 / 3],
              "max_rel_error": [0.1]})},
    )  # fmt: skip
    h = canonical_headlines(result, {"animals": ["a", "b", "c"]})
    assert h["every.connection_share"].value == 0.2 and h["every.synapse_share"].value == 0.6
    assert h["one.connection_share"].value == 0.5 and h["every.connection_share"].n == 10
    assert (h["core.k2.mean"].value, h["core.k2.min"].value, h["core.k2.max"].value) == (
        0.4, 0.3, 0.5
    )  # fmt: skip
    motif = h["motif.reciprocity.log_ratio"]
    assert (motif.low, motif.high) == (1.5, 1.7)
    assert motif.se == pytest.approx(0.2 / 3.92)
    assert h["present.k2.connections"].value == 3 and h["present.k3.mean_synapses"].value == 3
    study = h["study.k2.reciprocity.right_sign"]
    assert study.value == pytest.approx(2 / 3) and study.n == 3


def test_rotation_headlines_average_over_networks_with_their_range():
    jpca = pd.DataFrame(
        [{"population": "network", "r2_skew": 0.6, "r2_unconstrained": 0.8, "r2_ratio": r,
          "frequency_1": 0.0015, "same_direction": 1.0, "repeat": k}
         for k, r in enumerate([0.70, 0.80, 0.90])]
    )  # fmt: skip
    # muscles 10x as tangled as the network at every time in reaching, 40x in cycling
    q = pd.DataFrame(
        [{"task": task, "population": pop, "repeat": k,
          "q": base * ((40 if task == "cycling" else 10) if pop == "muscles" else 1)}
         for k in range(3) for task in ("reach", "cycling") for pop in ("muscles", "network")
         for base in (1.0, 2.0, 3.0)]
    )  # fmt: skip
    measured = pd.DataFrame({"repeat": range(3), "mode_frequency": [1.4, 1.5, 1.6]})
    result = ExperimentResult(
        pd.DataFrame(), "", {}, {"jpca": jpca, "tangling": q, "measurements": measured}
    )
    h = rotations_headlines(result, {})
    ratio = h["network.r2_ratio"]
    assert ratio.value == pytest.approx(0.8) and ratio.se == pytest.approx(0.1 / math.sqrt(3))
    assert (h["network.r2_ratio.min"].value, h["network.r2_ratio.max"].value) == (0.7, 0.9)
    assert h["network.frequency_hz"].value == pytest.approx(1.5)
    assert h["tangling.reach.ratio"].value == pytest.approx(10.0)
    assert h["tangling.reach.above"].value == 1.0
    assert h["tangling.cycling.ratio"].value == pytest.approx(40.0)
    assert h["network.mode_frequency_hz"].value == pytest.approx(1.5)
    # the network's Q is 1, 2, 3 in every network: its median 2; the muscles' 20
    assert h["tangling.reach.network.median_q"].value == pytest.approx(2.0)
    assert h["tangling.reach.muscles.median_q"].value == pytest.approx(20.0)
    assert h["tangling.cycling.muscles.median_q"].value == pytest.approx(80.0)


def test_agreement_headlines_claim_no_error_for_one_run():
    table = pd.DataFrame(
        [{"setting": "driven", "continuity": c, "rms_z_E": z, "rms_z_I": 0.7,
          "E_ode_end": 0.063, "E_agents_late": 0.064}
         for c, z in ((True, 0.8), (False, 1.3))]
    )  # fmt: skip
    h = agreement_headlines(ExperimentResult(table, "", {}, {}), {})
    assert h["driven.corrected.rms_z_E"].value == 0.8
    assert h["driven.uncorrected.rms_z_E"].value == 1.3
    assert np.isnan(h["driven.corrected.rms_z_E"].se) and h["driven.corrected.rms_z_E"].n == 1
