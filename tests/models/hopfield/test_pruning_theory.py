"""Static-noise theory of pruned Hebbian nets against published values and sampling."""

import math

import numpy as np
import pytest
from scipy import special

from neuroagents.errors import ValidationError
from neuroagents.models.hopfield.pruning import (
    EXTREME_DILUTION,
    capacity_per_synapse,
    pruning_noise,
    static_noise_capacity,
    static_noise_overlap,
)
from neuroagents.models.hopfield.theory import ags_capacity, ags_overlap


def test_no_noise_is_amit_gutfreund_sompolinsky():
    # Independent computation: the Hopfield package solves AGS by its own parametrisation.
    assert static_noise_capacity(0.0) == pytest.approx(ags_capacity(), abs=1e-6)
    for alpha in (0.02, 0.08, 0.13):
        assert static_noise_overlap(alpha, 0.0) == pytest.approx(ags_overlap(alpha), abs=1e-9)


def test_clipped_synapses_hold_0_102():
    # Sompolinsky (1986): clipping J_ij = sgn(sum_k M_k^i M_k^j) lowers alpha_c from
    # 0.138 to about 0.10 (0.102 to three places).
    assert static_noise_capacity(pruning_noise("clipped", 1.0))[0] == pytest.approx(0.102, abs=5e-4)


def test_random_dilution_tends_to_two_over_pi():
    # Derrida, Gardner & Zippelius (1987): strongly diluted nets hold 2/pi patterns per
    # remaining synapse. The approach is logarithmically slow in c.
    values = capacity_per_synapse("random", np.array([0.5, 0.1, 1e-3, 1e-6, 1e-10]))
    assert np.all(np.diff(values) > 0)
    assert values[-1] == pytest.approx(EXTREME_DILUTION, rel=2e-3)
    assert values[-1] < EXTREME_DILUTION


@pytest.mark.parametrize("rule", ["random", "magnitude", "clipped"])
@pytest.mark.parametrize("keep", [0.5, 0.2, 0.1])
def test_noise_matches_sampled_synapses(rule, keep):
    # kappa^2 = <phi^2> / <x phi>^2 - 1 measured on 10^6 Gaussian x and compared with
    # the closed forms; the sampling error of these means is ~1e-3 relative.
    rng = np.random.default_rng(0)
    x = rng.standard_normal(1_000_000)
    if rule == "random":
        phi = np.where(rng.random(x.size) < keep, x, 0.0)
    elif rule == "magnitude":
        phi = np.where(np.abs(x) > np.quantile(np.abs(x), 1 - keep), x, 0.0)
    else:
        phi = np.sign(x)
    sampled = np.mean(phi**2) / np.mean(x * phi) ** 2 - 1
    assert sampled == pytest.approx(pruning_noise(rule, keep), rel=0.02, abs=2e-3)


@pytest.mark.parametrize("kappa2", [0.0, 0.5, 3.0])
def test_overlap_solves_the_fixed_point_equations(kappa2):
    # Iterate the saddle-point equations directly from m = 1 and compare.
    alpha = 0.8 * static_noise_capacity(kappa2)[0]
    m, r = 1.0, 1.0
    for _ in range(5000):
        s2 = alpha * (r + kappa2)
        y = m / math.sqrt(2 * s2)
        c = math.sqrt(2 / (math.pi * s2)) * math.exp(-y * y)
        r, m = 1 / (1 - c) ** 2, float(special.erf(y))
    assert static_noise_overlap(alpha, kappa2) == pytest.approx(m, abs=1e-9)
    assert math.isnan(static_noise_overlap(1.01 * alpha / 0.8, kappa2))


def test_magnitude_beats_random_per_synapse():
    c = np.array([0.5, 0.2, 0.1])
    assert np.all(capacity_per_synapse("magnitude", c) > capacity_per_synapse("random", c))


def test_bad_arguments():
    with pytest.raises(ValidationError, match="'rule'"):
        pruning_noise("smallest", 0.5)
    with pytest.raises(ValidationError, match="'keep'"):
        pruning_noise("random", 0.0)
