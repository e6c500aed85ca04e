"""The compiled and the agents engine follow the identical trajectory for one seed.

Also: runs are chunking-invariant (random numbers come in blocks that depend only on
n, never on how a run is split into calls).
"""

import numpy as np
import pytest

import neuroagents as na

SCHEDULERS = ["sync", "async-sweep", "async-site", "fixed-order", "poisson"]
RULES = ["sign", "threshold", "glauber"]
STORAGES = ["dense", "sparse"]
N = 30


def _symmetric(rng, n, density=0.4):
    a = rng.normal(size=(n, n)) * (rng.random((n, n)) < density)
    w = np.triu(a, 1)
    return w + w.T


def _directed_signed(rng, n, density=0.3):
    mask = rng.random((n, n)) < density
    np.fill_diagonal(mask, False)
    return rng.normal(size=(n, n)) * mask


def _setup(rule, storage, seed=123):
    """A connectome, initial state and model kwargs for one built-in rule."""
    rng = np.random.default_rng(seed)
    if rule == "threshold":
        w = _directed_signed(rng, N)
        kwargs = {
            "threshold": rng.normal(0.3, 0.5, size=N),
            "drive": rng.normal(0.0, 0.5, size=N),
        }
        state = (rng.random(N) < 0.5).astype(float)
    else:
        w = _symmetric(rng, N)
        kwargs = {"temperature": 0.5} if rule == "glauber" else {}
        state = np.where(rng.random(N) < 0.5, 1.0, -1.0)
    # Some neurons run on slower clocks so Poisson picks are not uniform.
    kwargs["tau"] = np.where(np.arange(N) % 3 == 0, 2.0, 0.7)
    connectome = na.Connectome.from_matrix(w, storage=storage)
    assert connectome.storage == storage
    return connectome, state, kwargs


def _pair(rule, scheduler, storage, seed=7, **extra):
    connectome, state, kwargs = _setup(rule, storage)
    kwargs.update(extra)
    return [
        na.NeuralModel(
            connectome,
            rule=rule,
            scheduler=scheduler,
            engine=engine,
            state=state,
            rng=seed,
            **kwargs,
        )
        for engine in ("compiled", "agents")
    ]


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_compiled_and_agents_follow_identical_trajectory(scheduler, rule, storage):
    compiled, agents = _pair(rule, scheduler, storage)
    assert np.array_equal(compiled.state, agents.state)
    states = [compiled.state.copy()]
    for step in range(1, 16):
        compiled.step()
        agents.step()
        assert compiled.time == agents.time == float(step)
        assert np.array_equal(compiled.state, agents.state), f"states differ at step {step}"
        assert np.array_equal(compiled.input, agents.input), f"inputs differ at step {step}"
        assert compiled.flips_total == agents.flips_total
        if scheduler == "poisson":
            assert np.array_equal(compiled.update_counts, agents.update_counts)
            assert compiled.update_counts.sum() > 0
        else:
            assert compiled.steps == agents.steps == step
        states.append(compiled.state.copy())
    # The comparison means something only if the dynamics moved.
    assert compiled.flips_total > 0
    assert any(not np.array_equal(states[0], s) for s in states[1:])


@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_identical_trajectory_with_a_subclass_running_the_default_update(scheduler):
    # A Neuron subclass that does not override update() may run on either engine.
    class Tagged(na.Neuron):
        pass

    compiled, agents = _pair("glauber", scheduler, "sparse", neuron_class=Tagged)
    compiled.run_for(5)
    agents.run_for(5)
    assert np.array_equal(compiled.state, agents.state)
    assert isinstance(agents.neurons[0], Tagged)


def test_different_seeds_give_different_trajectories():
    # Guards the identity tests above: the seed really drives the trajectory.
    a, _ = _pair("glauber", "async-sweep", "dense", seed=1)
    b, _ = _pair("glauber", "async-sweep", "dense", seed=2)
    a.run_for(5)
    b.run_for(5)
    assert not np.array_equal(a.state, b.state)


# ---------------------------------------------------------------------- chunking
@pytest.mark.parametrize("engine", ["compiled", "agents"])
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_run_for_equals_repeated_steps(scheduler, engine):
    connectome, state, kwargs = _setup("glauber", "dense")

    def make():
        return na.NeuralModel(
            connectome, rule="glauber", scheduler=scheduler, engine=engine, state=state,
            rng=11, **kwargs,
        )  # fmt: skip

    one, many, split = make(), make(), make()
    one.run_for(10)
    for _ in range(10):
        many.step()
    split.run_for(3)
    split.run_until(7)
    split.run_for(3)
    for other in (many, split):
        assert other.time == one.time == 10.0
        assert np.array_equal(one.state, other.state)
        assert np.array_equal(one.input, other.input)
        assert np.array_equal(one.update_counts, other.update_counts)


@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_chunking_invariance_across_random_blocks(scheduler):
    # n = 2100 makes a block 62 rows (2**17 // 2100) and a Poisson block 8400
    # events (~4 time units): 150 units in odd chunks cross many block boundaries.
    rng = np.random.default_rng(5)
    n = 2100
    w = _directed_signed(rng, n, density=0.002)
    state = np.where(rng.random(n) < 0.5, 1.0, -1.0)

    def make(record_every):
        return na.NeuralModel(
            na.Connectome.from_matrix(w, storage="sparse"), rule="glauber",
            temperature=0.8, scheduler=scheduler, state=state, rng=3,
            record_every=record_every,
        )  # fmt: skip

    whole, chunked = make(None), make(4)
    assert whole.scheduler.__class__ is chunked.scheduler.__class__
    duration = 150 if scheduler != "poisson" else 40
    whole.run_for(duration)
    done = 0
    for size in [7, 13, 1, 29, 64, 5]:
        take = min(size, duration - done)
        chunked.run_for(take)
        done += take
    chunked.run_for(duration - done)
    assert chunked.time == whole.time == float(duration)
    assert np.array_equal(whole.state, chunked.state)
    assert np.array_equal(whole.update_counts, chunked.update_counts)


@pytest.mark.parametrize("engine", ["compiled", "agents"])
@pytest.mark.parametrize("scheduler", ["async-sweep", "async-site", "fixed-order", "sync"])
def test_run_until_stable_then_steps_equals_plain_steps(scheduler, engine):
    # Stop early at a fixed point, then perturb the drive and continue: the orders
    # drawn afterwards must be those of a run that never stopped early.
    rng = np.random.default_rng(21)
    n = 40
    w = _symmetric(rng, n)
    state = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    kick = rng.normal(0.0, 3.0, size=n)

    def make():
        return na.NeuralModel(
            w, rule="sign", scheduler=scheduler, engine=engine, state=state, rng=9
        )

    stopped, plain = make(), make()
    report = stopped.run_until_stable(max_sweeps=200)
    if scheduler == "sync" and not report.converged:
        assert report.cycle_length == 2
    else:
        assert report.converged and stopped.is_stable()
    assert report.steps == stopped.steps > 0
    plain.run_for(report.steps)
    assert np.array_equal(stopped.state, plain.state)
    flips_before = stopped.flips_total
    for model in (stopped, plain):
        model.drive[:] = kick
    for _ in range(6):
        stopped.step()
        plain.step()
        assert np.array_equal(stopped.state, plain.state)
        assert np.array_equal(stopped.input, plain.input)
    assert stopped.flips_total > flips_before


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_ties_at_threshold(engine):
    # Input exactly at threshold: the sign rule keeps the state, threshold units go to 0.
    w = np.array([[0.0, 0.5], [0.5, 0.0]])
    sign = na.NeuralModel(
        w, rule="sign", engine=engine, state=[1.0, -1.0], threshold=[-0.5, 0.5], rng=0
    )
    assert sign.is_stable()
    sign.run_for(3)
    assert sign.state.tolist() == [1.0, -1.0] and sign.flips_total == 0
    thr = na.NeuralModel(
        w, rule="threshold", scheduler="sync", engine=engine, state=[1.0, 1.0],
        threshold=0.5, rng=0,
    )  # fmt: skip
    thr.step()
    assert thr.state.tolist() == [0.0, 0.0]
    thr.drive[:] = 1e-9
    thr.set_state([1.0, 1.0])
    thr.step()
    assert thr.state.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("rule", ["sign", "relu"])
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_engines_agree_under_early_stopping_and_across_block_boundaries(scheduler, rule):
    # Random numbers come in blocks of 1, 2, 4, ... rows (Poisson: 1024, 2048, ...
    # events); a run to a fixed point, then on, crosses several block borders.
    rng = np.random.default_rng(31)
    n = 300
    w = _symmetric(rng, n) * (rng.random((n, n)) < 0.05)
    w = np.triu(w, 1) + np.triu(w, 1).T
    kw = {"dt": 0.2} if rule == "relu" and scheduler != "poisson" else {}
    if rule == "relu":
        w = w * 0.05  # a contracting rate network: it has a stable fixed point
    tol = {"tol": 1e-8} if rule == "relu" else {}
    drive = rng.normal(0, 1, n) if rule == "relu" else 0.0
    models = [
        na.NeuralModel(
            na.Connectome.from_matrix(w, storage="sparse"), rule=rule, scheduler=scheduler,
            engine=engine, rng=4, drive=drive,
            record_every=None, **kw,
        )
        for engine in ("compiled", "agents")
    ]  # fmt: skip
    reports = [m.run_until_stable(max_sweeps=400, **tol) for m in models]
    assert reports[0] == reports[1]
    assert reports[0].converged or (scheduler == "sync" and reports[0].cycle_length == 2)
    assert models[0].steps == models[1].steps
    np.testing.assert_array_equal(models[0].state, models[1].state)
    np.testing.assert_array_equal(models[0].update_counts, models[1].update_counts)
    for m in models:  # a kick, then on past more block borders
        m.drive[:] += 2.0 * np.sin(np.arange(n))
        m.run_for(9.0 if scheduler == "poisson" or rule == "relu" else 9)
    np.testing.assert_array_equal(models[0].state, models[1].state)
    np.testing.assert_array_equal(models[0].input, models[1].input)
