"""The plasticity experiments: their inputs, their neuron, their measures and verdicts."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from neuroagents.errors import ConfigError
from neuroagents.models.spiking.experiments.stdp_song import song_experiment
from neuroagents.models.spiking.experiments.stdp_vogels import vogels_experiment
from neuroagents.models.spiking.experiments.stdp_vogels_network import vogels_network_experiment
from neuroagents.models.spiking.learning_measures import (
    cotuning,
    is_bimodal,
    pruning_recovery,
    song_verdict,
    vogels_verdict,
)
from neuroagents.models.spiking.plastic_neuron import (
    ConductanceLIF,
    channel_rates,
    modulated_trains,
    poisson_trains,
    run_plastic_neuron,
)
from neuroagents.runner.experiment import available_models
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

DT = 0.1


def test_poisson_trains_have_their_rate_and_the_group_correlation():
    rng = np.random.default_rng(0)
    n, t, c = 200, 50_000.0, 0.2
    groups = np.r_[np.zeros(100, int), np.full(100, -1)]
    steps, ids = poisson_trains(np.full(n, 20.0), t, DT, rng, groups=groups, correlation=c)
    counts = np.bincount(ids, minlength=n)
    # 1000 expected spikes each, sd 32; the mean over 200 inputs has sd 2.2.
    assert counts.mean() == pytest.approx(1000.0, abs=10.0)
    binned = np.zeros((n, 1000))
    np.add.at(binned, (ids, steps // 500), 1)  # 50 ms bins
    r = np.corrcoef(binned)
    grouped = r[:100, :100][np.triu_indices(100, 1)].mean()
    independent = r[100:, 100:][np.triu_indices(100, 1)].mean()
    # The estimate of a correlation from 1000 bins has sd ~0.03 per pair; means of 4950.
    assert grouped == pytest.approx(c, abs=0.02)
    assert independent == pytest.approx(0.0, abs=0.01)


def test_modulated_trains_follow_their_channel_rate():
    rng = np.random.default_rng(1)
    rates = channel_rates(2, 20_000.0, rng, base=5.0, gain=20.0)
    channel = np.repeat([0, 1], 50)
    _, ids = modulated_trains(channel, rates, 1.0, DT, rng)
    expected = rates.mean(axis=1) * 20.0  # spikes per input in 20 s
    got = np.bincount(ids, minlength=100).reshape(2, 50).mean(axis=1)
    # Poisson counts: sd sqrt(260)/sqrt(50) ~ 2.3 on a mean of ~260.
    np.testing.assert_allclose(got, expected, atol=10.0)


def test_the_conductance_neuron_follows_its_ode_after_an_input():
    """One input of 0.5 at t = 0.1 ms: V against solve_ivp; exponential Euler holds g
    over a step, an error O(dt / tau_e) = 2% of the deflection at most."""
    neuron = ConductanceLIF(V_th=50.0)  # never fires
    events = (np.array([0]), np.array([0]))
    run = run_plastic_neuron(
        neuron, events, np.array([0.5]), np.array([True]), STDP(w_max=1.0), np.array([False]),
        duration=30.0, snapshot_every=30.0,
    )  # fmt: skip
    assert run.post_steps.size == 0

    def rhs(t, v):
        g = 0.5 * np.exp(-t / neuron.tau_e)
        return [((neuron.E_L - v[0]) + g * (neuron.E_e - v[0])) / neuron.tau_m]

    sol = solve_ivp(rhs, (0.0, 30.0), [neuron.E_L], rtol=1e-10, atol=1e-10, dense_output=True)
    peak = sol.sol(np.linspace(0, 30, 301))[0].max() - neuron.E_L
    assert peak > 5.0
    # run.mean_v is the mean over the 300 steps; compare with the ODE's mean.
    exact = sol.sol(np.arange(1, 301) * DT)[0].mean()
    assert run.mean_v[0] == pytest.approx(exact, abs=0.02 * peak)


def test_plastic_neuron_synapses_learn_through_the_library_rule():
    """Pre at step 10, the neuron forced to fire by a huge input at step 60: the plastic
    synapse gains λ W e^{-5/20} (Δ = 5 ms, no delays)."""
    neuron = ConductanceLIF(t_ref=10.0)  # one spike within the 8 ms run
    events = (np.array([10, 60]), np.array([0, 1]))
    rule = STDP(lambda_=0.1, w_max=1.0)
    run = run_plastic_neuron(
        neuron, events, np.array([0.01, 100.0]), np.array([True, True]), rule,
        np.array([True, False]), duration=8.0, snapshot_every=8.0,
    )  # fmt: skip
    assert run.post_steps.tolist() == [60]
    assert run.weights[-1][0] == pytest.approx(0.01 + 0.1 * np.exp(-5.0 / 20.0), rel=1e-12)


def test_measures_and_verdicts_on_distributions_whose_answer_is_known():
    rng = np.random.default_rng(2)
    assert not is_bimodal(rng.uniform(0, 1, 1000), 1.0)
    assert not is_bimodal(rng.normal(0.5, 0.1, 1000).clip(0, 1), 1.0)
    assert is_bimodal(np.r_[np.zeros(500), np.ones(400), rng.uniform(0, 1, 100)], 1.0)
    assert pruning_recovery(np.ones(3), np.zeros(3), 1.0)[0] == 0
    assert np.isnan(cotuning(np.ones(8), np.arange(8.0)))
    assert cotuning(np.arange(8.0), -np.arange(8.0)) == pytest.approx(-1.0)
    good = dict(bimodal=True, final_spread=1.2, initial_spread=4.0, w_corr=0.9,
                w_uncorr=0.1, low_corr=0.0, low_uncorr=0.6)  # fmt: skip
    assert song_verdict(good) == (True, [])
    assert song_verdict(good | {"initial_spread": 1.3})[1] == ["regulated"]
    tuned = dict(rate_final=5.0, rho0=5.0, corr_after=0.5, depth_before=1.1, depth_after=3.0)
    assert vogels_verdict(tuned)[1] == ["cotuned"]


def test_the_experiments_are_registered():
    experiments = available_models()["spiking"].experiments
    assert {"stdp_song", "stdp_vogels"} <= set(experiments)


def test_a_correlated_group_bigger_than_the_inputs_is_refused():
    config = dict(rates=[15.0], duration=2000.0, a_plus=0.005, ratio=1.05, n_exc=10,
                  n_inh=2, correlated=10, correlation=0.1, seeds=1)  # fmt: skip
    with pytest.raises(ConfigError, match=r"params\.correlated"):
        song_experiment(config, np.random.default_rng(0))


def test_vogels_rule_drives_the_rate_to_rho0_and_cotunes_inhibition():
    """40 s (a few seconds of CPU): the claims of Vogels et al. (2011), Fig. 1."""
    config = dict(duration=40_000.0, rho0=5.0, eta=0.001, g_exc=0.02, seeds=1)
    result = vogels_experiment(config, np.random.default_rng(0))
    row = result.table.iloc[0]
    assert row["rate_initial"] > 15.0  # far from the target before learning
    assert row["rate_final"] == pytest.approx(5.0, rel=0.25)
    assert row["corr_after"] > 0.9
    assert row["depth_after"] > 2.0 * row["depth_before"]
    assert bool(row["reproduced"])
    # the checkpoints judge the same run earlier: at 10 and 20 s, the rate over the 20%
    # before; the last snapshot's drives are those of the whole run's verdict
    checkpoints = result.tables["checkpoints"]
    assert list(checkpoints["time_ms"]) == [10_000.0, 20_000.0]
    assert (checkpoints["rate_final"] > 0).all() and (checkpoints["corr_after"] <= 1).all()
    assert VogelsSprekeler.for_rate(5.0, eta=0.001, w_max=1.0).target_rate == pytest.approx(5.0)


@pytest.mark.slow
def test_song_stdp_correlated_group_wins_and_the_rate_falls():
    """100 s at A+ = 0.02 g_max (ten seconds of CPU): the correlated half of the inputs
    ends near g_max, the other half far below; the output rate falls from its start."""
    config = dict(rates=[15.0, 30.0], duration=100_000.0, a_plus=0.02, ratio=1.05,
                  n_exc=1000, n_inh=200, correlated=500, correlation=0.05, seeds=1)  # fmt: skip
    table = song_experiment(config, np.random.default_rng(0)).table
    ind = table[table["condition"] == "independent"]
    assert (ind["rate_out_final"] < 0.5 * ind["rate_out_initial"]).all()
    cor = table[table["condition"] == "correlated"].iloc[0]
    assert cor["w_corr"] > 0.8 and cor["w_uncorr"] < 0.4


@pytest.mark.slow
def test_vogels_network_inhibition_grows_and_brings_the_excitatory_rate_down():
    """800 E + 200 I at p = 0.2 (in-degrees 160/40), 5 s (several seconds of CPU):
    the excitatory rate starts far above rho0 = 3 Hz and falls toward it as the I->E
    weights grow; the network stays irregular (CV > 0.4)."""
    config = dict(n_e=800, n_i=200, p=0.2, rho0=3.0, eta=0.02, g_ie=3.0, ext=1.2,
                  duration=5000.0)  # fmt: skip
    result = vogels_network_experiment(config, np.random.default_rng(0))
    course, row = result.tables["course"], result.table.iloc[0]
    assert course["rate_e"].iloc[0] > 15.0
    assert row["rate_e"] < 0.4 * course["rate_e"].iloc[0]
    assert row["w_ie_end"] < 1.8 * row["w_ie_start"] < 0  # |w| grew by > 80%
    assert row["cv"] > 0.4
