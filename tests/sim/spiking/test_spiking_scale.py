"""A spiking model at scale builds from its arrays: one delay and all-neuron input.

One delay for every synapse is checked once and stored as uint16 steps without a
float64 array per synapse; Poisson input to all neurons skips sorting their indices.
Both must give exactly the model the general path gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import neuroagents as na
from neuroagents.sim.spiking import SpikingModel


def _run(delay, neurons):
    c = na.builders.gnp_ei(400, 100, p=0.1, w_e=0.2, w_i=-1.0, rng=4)
    m = SpikingModel(c, delay=delay, dt=0.1, v0="uniform", rng=9)
    m.add_poisson_input(8000.0, 0.2, neurons=neurons, name="external")
    m.run_for(50.0)
    return m


def test_one_delay_and_input_to_all_give_the_general_paths_model():
    fast = _run(1.5, None)
    n_syn = fast.weights.size
    general = _run(np.full(n_syn, 1.5), list(range(500)))
    assert fast.delays.steps.dtype == np.uint16 and (fast.delays.steps == 15).all()
    np.testing.assert_array_equal(fast.delays.steps, general.delays.steps)
    assert len(fast.spikes()) > 100  # the comparison means something: the net fires
    pd.testing.assert_frame_equal(fast.spikes(), general.spikes())


@pytest.mark.parametrize(
    ("delay", "match"),
    [(0.0, "between one step"), (1.55, "not a whole number of steps"), (np.inf, "")],
)
def test_one_bad_delay_gets_the_general_message(delay, match):
    c = na.builders.gnp_ei(40, 10, p=0.2, rng=0)
    with pytest.raises(na.ValidationError, match=match):
        SpikingModel(c, delay=delay, dt=0.1, rng=0)


def test_one_off_grid_delay_rounds_with_the_count_of_synapses():
    c = na.builders.gnp_ei(40, 10, p=0.2, rng=0)
    with pytest.warns(UserWarning, match=f"{c.n_edges} of {c.n_edges} synaptic delays"):
        m = SpikingModel(c, delay=1.55, delay_rounding="round", dt=0.1, rng=0)
    assert (m.delays.steps == 16).all()
