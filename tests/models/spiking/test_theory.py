"""The Siegert rate and Brunel's fixed point: closed-form limits and simulated neurons."""

import math
import subprocess
import sys

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.spiking.theory import brunel_input, self_consistent_rate, siegert_rate
from neuroagents.sim.spiking import LIFParams, SpikingModel


@pytest.mark.parametrize("mu", [25.0, 40.0, 80.0])
def test_siegert_tends_to_the_deterministic_rate_without_noise(mu):
    # sigma -> 0 above threshold: period t_ref + tau ln((mu - V_r) / (mu - theta)).
    exact = 1000.0 / (2.0 + 20.0 * math.log((mu - 10.0) / (mu - 20.0)))
    assert siegert_rate(mu, 1e-3) == pytest.approx(exact, rel=1e-4)


def test_siegert_rises_with_mean_and_with_noise_below_threshold():
    rates = [siegert_rate(mu, 2.0) for mu in (10.0, 14.0, 18.0, 22.0)]
    assert rates == sorted(rates) and rates[0] < 1e-3
    assert siegert_rate(15.0, 1.0) < siegert_rate(15.0, 3.0) < siegert_rate(15.0, 5.0)
    assert siegert_rate(0.0, 0.5) == 0.0  # underflows cleanly, far below threshold


def test_self_consistent_rate_is_a_fixed_point():
    nu = self_consistent_rate(5.0, 20.0)
    mu, sigma = brunel_input(nu, g=5.0, nu_ext=20.0)
    assert siegert_rate(mu, sigma) == pytest.approx(nu, rel=1e-8)
    # The rate NEST 3.10 and Brian2 2.10 measure for this network on this machine
    # (notes/ecosystem-facts.md): 37.3-37.4 Hz, within 2% of the fixed point.
    assert nu == pytest.approx(37.35, rel=0.02)


def test_self_consistency_needs_inhibition_dominance():
    with pytest.raises(ValidationError, match="g \\* gamma > 1"):
        self_consistent_rate(3.0, 20.0)


@pytest.mark.parametrize(("g", "nu_ext", "nu_in"), [(5.0, 20.0, None), (5.0, 15.0, 5.0)])
def test_siegert_against_simulated_neurons_under_the_same_poisson_input(g, nu_ext, nu_in):
    # 2000 unconnected iaf_psc_delta neurons receive Brunel's input as Poisson trains:
    # C_E (nu_ext + nu) excitatory inputs of J = 0.1 mV and gamma C_E nu inhibitory
    # ones of -gJ. Their rate is phi(mu, sigma) up to the diffusion approximation,
    # whose error for jumps of J/sigma ~ 0.01-0.03 and dt = 0.1 ms is a few percent
    # (the simulated rate lies below: Helias et al. 2010); the sampling error here is
    # 0.3%. Tolerance 6%.
    nu = self_consistent_rate(g, nu_ext) if nu_in is None else nu_in
    mu, sigma = brunel_input(nu, g=g, nu_ext=nu_ext)
    theory = siegert_rate(mu, sigma)
    n = 2000
    p = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0)
    m = SpikingModel(np.zeros((n, n)), params=p, dt=0.1, rng=1, v0="uniform")
    m.add_poisson_input(1000 * (nu_ext + nu), 0.1)
    m.add_poisson_input(250 * nu, -g * 0.1)
    m.run_for(200.0)
    before = len(m.spikes())
    m.run_for(1000.0)
    rate = (len(m.spikes()) - before) / n
    assert rate == pytest.approx(theory, rel=0.06)


def test_the_library_imports_without_matplotlib_or_experiments():
    code = (
        "import sys, neuroagents.models.spiking as s\n"
        "print('matplotlib' in sys.modules, 'neuroagents.models.spiking.experiments' in "
        "sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
