"""The linear-theory headlines of a wired chaos run, on a table whose answers are known."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.rate.experiments.chaos_transition import _linear_theory_headlines


def test_only_networks_with_a_stable_quiet_state_are_compared_with_the_theory():
    runs = pd.DataFrame(
        {"n": 50, "g": [0.9, 0.9, 0.9, 1.5], "lyapunov": [-0.10, -0.20, 0.05, 0.02],
         "theory_fixed_point": [-0.11, -0.21, np.nan, np.nan]}
    )  # fmt: skip
    h = _linear_theory_headlines(runs)
    assert h["n50.g0.9.theory_stable_networks"].value == 2
    assert h["n50.g0.9.theory_stable_networks"].n == 3
    assert h["n50.g0.9.theory_mean"].value == pytest.approx(-0.16)
    assert (h["n50.g0.9.theory_min"].value, h["n50.g0.9.theory_max"].value) == (-0.21, -0.11)
    # the chaotic network (no stable quiet state) does not enter the gap
    assert h["n50.g0.9.theory_gap_max"].value == pytest.approx(0.01)
    assert h["n50.g1.5.theory_stable_networks"].value == 0
    assert "n50.g1.5.theory_mean" not in h
