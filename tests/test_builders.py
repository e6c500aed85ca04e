"""Builders: edge counts against the binomial law, signs, structure, reproducibility."""

import math
import os
import subprocess
import sys

import numpy as np
import pytest

import neuroagents as na
from neuroagents.connectome import builders, gnp_rows


def _blocks(c, names):
    pop = np.asarray(c.node_attrs["population"])
    w = c.to_dense()
    return {(a, b): w[np.ix_(pop == a, pop == b)] for a in names for b in names}


def test_gnp_populations_block_counts_and_weights():
    sizes = {"E": 400, "I": 100}
    p = {"E": {"E": 0.1, "I": 0.3}, "I": {"E": 0.2, "I": 0.05}}
    weights = {"E": {"E": 0.5, "I": -2.0}, "I": {"E": 1.5, "I": -1.0}}
    c = builders.gnp_populations(sizes, p, weights, rng=0)
    assert c.n_nodes == 500 and c.directed
    assert c.node_attrs["population"].tolist() == ["E"] * 400 + ["I"] * 100
    assert not c.has_self_loops()
    for (a, b), block in _blocks(c, ["E", "I"]).items():
        # Same-population blocks have no diagonal: n_a (n_a - 1) possible synapses.
        slots = sizes[a] * sizes[b] - (sizes[a] if a == b else 0)
        mean = slots * p[a][b]
        sd = math.sqrt(slots * p[a][b] * (1 - p[a][b]))
        count = np.count_nonzero(block)
        assert abs(count - mean) < 4 * sd, (a, b, count, mean)
        # Every synapse of the block carries the (target, source) weight.
        assert set(np.unique(block[block != 0])) == {np.float32(weights[a][b])}
    assert c.n_edges == sum(np.count_nonzero(b) for b in _blocks(c, ["E", "I"]).values())


def test_gnp_populations_synapses_are_uniform_over_slots():
    # Out-degrees of E sources onto E targets are Binomial(n - 1, p): mean and variance.
    n, p = 300, 0.2
    c = builders.gnp_populations({"E": n}, {"E": {"E": p}}, {"E": {"E": 1.0}}, rng=3)
    w = c.to_dense()
    out_deg = np.count_nonzero(w, axis=0)
    in_deg = np.count_nonzero(w, axis=1)
    mean, var = (n - 1) * p, (n - 1) * p * (1 - p)
    for deg in (out_deg, in_deg):
        assert abs(deg.mean() - mean) < 4 * math.sqrt(var / n)
        # Degrees share edges only weakly; sample variance within ~4 SE of var.
        assert abs(deg.var(ddof=1) / var - 1) < 4 * math.sqrt(2 / (n - 1))


def test_gnp_ei_signs_follow_the_source_population():
    c = builders.gnp_ei(160, 40, 0.2, w_e=0.7, w_i=-1.3, rng=1)
    pop = np.asarray(c.node_attrs["population"])
    w = c.to_dense()
    assert set(np.unique(w[:, pop == "E"])) == {0.0, np.float32(0.7)}
    assert set(np.unique(w[:, pop == "I"])) == {0.0, np.float32(-1.3)}
    assert not c.has_self_loops()
    n = 200
    mean = n * (n - 1) * 0.2
    assert abs(c.n_edges - mean) < 4 * math.sqrt(mean * 0.8)


def test_gnp_is_reproducible_from_the_seed():
    a = builders.gnp_ei(50, 20, 0.1, rng=7)
    b = builders.gnp_ei(50, 20, 0.1, rng=7)
    c = builders.gnp_ei(50, 20, 0.1, rng=8)
    assert np.array_equal(a.to_dense(), b.to_dense())
    assert not np.array_equal(a.to_dense(), c.to_dense())
    gen = np.random.default_rng(7)
    assert np.array_equal(builders.gnp_ei(50, 20, 0.1, rng=gen).to_dense(), a.to_dense())


def test_gnp_edge_probabilities_zero_and_one():
    c = builders.gnp_populations({"A": 5, "B": 3}, {"B": {"A": 1.0}}, {"B": {"A": 2.0}}, rng=0)
    w = c.to_dense()
    assert np.array_equal(w[5:, :5], np.full((3, 5), 2.0, np.float32))
    assert c.n_edges == 15
    full = builders.gnp_populations({"A": 6}, {"A": {"A": 1.0}}, {"A": {"A": 1.0}}, rng=0)
    assert full.n_edges == 30 and not full.has_self_loops()


def test_gnp_validation():
    with pytest.raises(na.ValidationError, match=r"'p\['E'\]\['I'\]'.*\[0, 1\].*1\.5"):
        builders.gnp_populations({"E": 3, "I": 2}, {"E": {"I": 1.5}}, {"E": {"I": 1.0}}, rng=0)
    with pytest.raises(na.ValidationError, match="'X'"):
        builders.gnp_populations({"E": 3}, {"E": {"X": 0.5}}, {}, rng=0)
    with pytest.raises(na.ValidationError, match=r"sizes\['E'\]"):
        builders.gnp_populations({"E": 0}, {}, {}, rng=0)
    with pytest.raises(na.ValidationError, match="'p' parameter of gnp_ei"):
        builders.gnp_ei(3, 3, -0.1)


def test_layered_structure():
    sizes = [6, 4, 3, 2]
    c = builders.layered(sizes, rng=0, weight_scale=2.0)
    assert c.n_edges == 6 * 4 + 4 * 3 + 3 * 2
    assert c.node_ids[:7] == [(0, u) for u in range(6)] + [(1, 0)]
    layer = np.array([k for k, s in enumerate(sizes) for _ in range(s)])
    assert c.node_attrs["population"].tolist() == [f"layer{k}" for k in layer]
    w = c.to_dense()
    for t in range(c.n_nodes):
        for s in range(c.n_nodes):
            # Only consecutive layers are connected, and all of them fully.
            assert (w[t, s] != 0) == (layer[t] == layer[s] + 1)


def test_layered_weight_scale():
    # Weights are N(0, scale^2 / fan_in): the pooled z-scores have variance 1.
    c = builders.layered([200, 150, 100], rng=1, weight_scale=3.0)
    w = c.to_dense().astype(float)
    z1 = w[200:350, :200].ravel() / (3.0 / math.sqrt(200))
    z2 = w[350:, 200:350].ravel() / (3.0 / math.sqrt(150))
    for z in (z1, z2):
        assert abs(z.mean()) < 4 / math.sqrt(z.size)
        assert abs(z.var() - 1) < 4 * math.sqrt(2 / z.size)


def test_layered_validation():
    with pytest.raises(na.ValidationError, match="at least 2 layers"):
        builders.layered([5])
    with pytest.raises(na.ValidationError, match=r"sizes\[1\]"):
        builders.layered([5, 0])


def test_complete():
    w = np.arange(16, dtype=float).reshape(4, 4)
    c = builders.complete(w)
    expected = w.copy()
    np.fill_diagonal(expected, 0.0)
    assert np.array_equal(c.to_dense(), expected)
    assert c.storage == "dense" and not c.has_self_loops()
    assert c.n_edges == 12  # w[0, 0] is already 0 and the diagonal is dropped
    loops = builders.complete(np.ones((3, 3)), zero_diagonal=False)
    assert loops.n_edges == 9 and loops.has_self_loops()
    assert w[1, 1] == 5.0  # the input matrix is not modified


def test_gnp_populations_equals_an_independent_construction_from_the_same_draws():
    # Rebuild the matrix from the same draws in plain Python with numpy's own Generator
    # (the builder draws in compiled code, chunk by chunk, on several threads): each
    # row's sources by geometric skipping over the other neurons of each population,
    # gap = ceil(E / -log(1 - p)). These sizes make one chunk a population.
    sizes = {"E": 37, "I": 11}
    p = {"E": {"E": 0.2, "I": 0.5}, "I": {"E": 0.3, "I": 0.25}}
    w = {"E": {"E": 1.0, "I": -2.0}, "I": {"E": 0.5, "I": -1.5}}
    c = na.builders.gnp_populations(sizes, p, w, rng=7)
    entropy = [int(x) for x in np.random.default_rng(7).integers(0, 2**63, size=4)]
    children = np.random.SeedSequence(entropy).spawn(2)
    expected = np.zeros((48, 48))
    offset = {"E": 0, "I": 37}
    for a, child in zip(sizes, children, strict=True):
        gen = np.random.Generator(np.random.PCG64(child))
        for r in range(sizes[a]):
            for b in sizes:
                candidates, pos = sizes[b] - (a == b), -1
                while True:
                    gap = math.ceil(gen.standard_exponential() / -math.log1p(-p[a][b]))
                    if gap >= candidates - pos:
                        break
                    pos += max(gap, 1)
                    source = pos + 1 if a == b and pos >= r else pos
                    expected[offset[a] + r, offset[b] + source] = w[a][b]
    np.testing.assert_array_equal(c.to_dense(), expected)
    assert c.n_edges == np.count_nonzero(expected) and not c.symmetric


def test_gnp_degrees_match_the_binomial_sums_across_chunks():
    # In-degree of an E neuron: Binomial(n_E - 1, p_EE) + Binomial(n_I, p_EI); out-degree
    # of an E neuron: Binomial(n_E - 1, p_EE) + Binomial(n_I, p_IE) (the transpose).
    # ~2*10^6 synapses: the E rows are drawn in two chunks of their own seeds.
    from scipy import stats

    n_e, n_i = 3200, 800
    p = {"E": {"E": 0.15, "I": 0.05}, "I": {"E": 0.1, "I": 0.02}}
    c = na.builders.gnp_populations({"E": n_e, "I": n_i}, p, {"E": {"E": 1.0, "I": -1.0},
                                    "I": {"E": 1.0, "I": -1.0}}, rng=11)  # fmt: skip
    w = c.to_scipy()
    assert c.n_edges > 1.5 * gnp_rows.CHUNK_SYNAPSES
    in_deg, out_deg = np.diff(w.indptr)[:n_e], np.diff(w.tocsc().indptr)[:n_e]
    for deg, p_other in ((in_deg, p["E"]["I"]), (out_deg, p["I"]["E"])):
        pmf = np.convolve(stats.binom.pmf(np.arange(n_e), n_e - 1, p["E"]["E"]),
                          stats.binom.pmf(np.arange(n_i + 1), n_i, p_other))  # fmt: skip
        # Chi-square over bins of at least 5 expected neurons (the tails merged).
        edges = np.searchsorted(np.cumsum(pmf) * deg.size, np.arange(5, deg.size, 5))
        edges = np.unique(np.r_[0, edges[edges < pmf.size], pmf.size])
        observed = np.add.reduceat(np.bincount(deg, minlength=pmf.size)[: pmf.size], edges[:-1])
        expected = np.add.reduceat(pmf, edges[:-1]) * deg.size
        assert deg.max() < pmf.size and stats.chisquare(observed, expected).pvalue > 1e-3
    assert not c.has_self_loops()


@pytest.mark.slow
def test_gnp_is_the_same_connectome_on_one_thread_and_on_two():
    # Chunks of rows draw from their own seeds, whatever thread runs them; the
    # transpose is unique. Five chunks (10^5 neurons, 5*10^6 synapses), both ways.
    code = (
        "import hashlib, neuroagents as na\n"
        "c = na.builders.gnp_ei(80_000, 20_000, p=5e-4, rng=3)\n"
        "h = hashlib.sha256()\n"
        "for w in (c._in, c._out):\n"
        "    for a in (w.indptr, w.indices, w.data):\n"
        "        h.update(a.tobytes())\n"
        "print(c.n_edges, h.hexdigest())\n"
    )
    digests = []
    for threads in ("1", "2"):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads}
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=600, check=True)  # fmt: skip
        digests.append(run.stdout.split())
    assert digests[0] == digests[1] and int(digests[0][0]) > 4 * 10**6


def test_a_graph_too_big_for_memory_is_refused_up_front():
    with pytest.raises(na.ValidationError, match="GB of memory"):
        na.builders.gnp_ei(10**7, 10**6, p=0.5, rng=0)


def test_a_chunk_past_its_capacity_draws_the_same_synapses_again(monkeypatch):
    # Beyond 6 sigma (forced here: the first chunk is given 10 slots) a chunk draws again
    # from its own seed into a larger buffer: the connectome does not change.
    before = na.builders.gnp_ei(8000, 2000, p=0.01, rng=5)
    draw, calls = gnp_rows.draw_rows, []

    def cramped(gen, row0, rows, block, starts, scales, keep, degree, columns):
        calls.append(columns.size)
        first = len(calls) == 1
        return draw(gen, row0, rows, block, starts, scales, keep, degree,
                    columns[:10] if first else columns)  # fmt: skip

    monkeypatch.setattr(gnp_rows, "draw_rows", cramped)
    after = na.builders.gnp_ei(8000, 2000, p=0.01, rng=5)
    assert len(calls) > 2  # the cramped chunk drew again
    for name in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(before._in, name), getattr(after._in, name))
        np.testing.assert_array_equal(getattr(before._out, name), getattr(after._out, name))
