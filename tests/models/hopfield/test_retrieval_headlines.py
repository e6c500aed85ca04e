"""Headline numbers of the retrieval experiment, on a table whose answers are known."""

import pandas as pd
import pytest

from neuroagents.models.hopfield.experiments.retrieval_headlines import retrieval_headlines
from neuroagents.runner.experiment import ExperimentResult


def test_wrong_shares_and_the_fraction_retrieved_exactly():
    # overlap m = 1 - 2 w for a share w of wrong neurons: 1.0, 0.9, 0.96 -> 0, 5%, 2%
    table = pd.DataFrame(
        {"pattern": [0, 1, 2], "overlap_start": 0.8, "overlap_end": [1.0, 0.9, 0.96],
         "sweeps": [2, 3, 2], "converged": [True, True, False]}
    )  # fmt: skip
    h = retrieval_headlines(ExperimentResult(table, "", {}, {}), {})
    assert h["pattern1.wrong_share"].value == pytest.approx(0.05)
    assert h["all.wrong_share_min"].value == 0 and h["all.wrong_share_max"].value == pytest.approx(
        0.05
    )
    exactly = h["all.retrieved_exactly"]
    assert exactly.value == pytest.approx(1 / 3) and exactly.n == 3
    assert exactly.low < 1 / 3 < exactly.high
    assert h["all.converged"].value == pytest.approx(2 / 3) and h["all.sweeps_max"].value == 3
    assert h["all.overlap_end"].value == pytest.approx((1.0 + 0.9 + 0.96) / 3)
