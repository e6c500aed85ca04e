"""Why the Song et al. (2000) correlated-input run fires at ~120 Hz: the mean-driven rate.

``ConductanceLIF.mean_driven_rate`` is the rate under constant conductances; here it is
checked against the simulated neuron driven by many weak inputs, whose summed conductance
is nearly constant (2000 inputs at 100 Hz: the relative fluctuation of g_e is about
1/sqrt(N r 2 tau_e) = 3%, which moves the rate by a few percent; 5% tolerance).
"""

import numpy as np
import pytest

from neuroagents.models.spiking.plastic_neuron import (
    ConductanceLIF,
    poisson_trains,
    run_plastic_neuron,
)
from neuroagents.sim.spiking.stdp import STDP

DT = 0.1


@pytest.mark.parametrize(("g_e", "g_i"), [(0.6, 0.5), (0.9, 0.5), (0.45, 0.2)])
def test_the_mean_driven_rate_is_what_the_neuron_fires_under_near_constant_input(g_e, g_i):
    neuron = ConductanceLIF()
    n_e, n_i, rate = 2000, 2000, 100.0
    rng = np.random.default_rng(4)
    events = poisson_trains(np.full(n_e + n_i, rate), 3000.0, DT, rng)
    weights = np.r_[
        np.full(n_e, g_e / (n_e * rate / 1000 * neuron.tau_e)),
        np.full(n_i, g_i / (n_i * rate / 1000 * neuron.tau_i)),
    ]
    excitatory = np.arange(n_e + n_i) < n_e
    frozen = STDP(lambda_=0.0, w_max=1.0)
    run = run_plastic_neuron(
        neuron, events, weights, excitatory, frozen, np.zeros(n_e + n_i, bool), duration=3000.0
    )
    expected = neuron.mean_driven_rate(g_e, g_i)
    assert expected > 20.0
    assert run.rate(500.0, 3000.0, DT) == pytest.approx(expected, rel=0.05)


def test_below_threshold_the_mean_driven_rate_is_zero():
    neuron = ConductanceLIF()
    assert neuron.v_inf(0.3, 0.5) < neuron.V_th
    assert neuron.mean_driven_rate(0.3, 0.5) == 0.0
