"""Brunel's network: its wiring, and the AI state against the mean field."""

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.spiking import BrunelParams, brunel_connectome
from neuroagents.runner.experiment import available_models


def in_weights(params, seed=0):
    W = brunel_connectome(params, rng=seed).to_scipy()
    n_e = params.N_E
    return W[:, :n_e].sum(axis=1), W[:, n_e:].sum(axis=1), W


def test_fixed_indegree_gives_every_neuron_the_same_input_weights():
    p = BrunelParams(N_E=800, N_I=200, epsilon=0.1)
    exc, inh, _ = in_weights(p)
    np.testing.assert_allclose(exc, p.C_E * p.J, rtol=1e-5)  # multapses merged, not lost
    np.testing.assert_allclose(inh, -p.g * p.J * p.C_I, rtol=1e-5)


def test_binomial_wiring_has_binomial_in_degrees():
    p = BrunelParams(N_E=2000, N_I=500, epsilon=0.1, wiring="binomial")
    _, _, W = in_weights(p, seed=1)
    k = (W[:, : p.N_E] > 0).sum(axis=1)
    # Binomial(2000, 0.1): mean 200, sd 13.4; over 2500 neurons the mean's sd is 0.27.
    assert k.mean() == pytest.approx(200.0, abs=1.5)
    assert k.std() == pytest.approx(np.sqrt(2000 * 0.1 * 0.9), rel=0.1)


def test_parameters_are_validated():
    with pytest.raises(ValidationError, match="'wiring'"):
        BrunelParams(wiring="ring")
    with pytest.raises(ValidationError, match="in-degrees"):
        BrunelParams(N_E=5, N_I=2, epsilon=0.1)


def test_the_spiking_system_is_found_by_the_runner():
    assert "brunel" in available_models()["spiking"].experiments
