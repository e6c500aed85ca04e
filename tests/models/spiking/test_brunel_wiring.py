"""Brunel's fixed in-degree wiring built straight into CSR equals scipy's COO assembly.

The builder sorts each neuron's drawn sources and merges repeats (multapses, weights
summed) without a COO matrix; here the same draws go through scipy's
``csr_array((data, (rows, cols)))`` and ``sum_duplicates``, the independent way.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from neuroagents.models.spiking.brunel import BrunelParams, brunel_connectome


@pytest.mark.parametrize(
    "params",
    [BrunelParams(N_E=400, N_I=100, epsilon=0.1),
     BrunelParams(N_E=80, N_I=20, epsilon=0.5, g=4.5, J=0.13)],  # many repeats
)  # fmt: skip
def test_direct_csr_equals_scipys_sum_of_duplicates(params):
    c = brunel_connectome(params, rng=3)
    gen, n = np.random.default_rng(3), params.N_E + params.N_I
    se = gen.integers(0, params.N_E, size=(n, params.C_E), dtype=np.int32)
    si = gen.integers(0, params.N_I, size=(n, params.C_I), dtype=np.int32)
    rows = np.r_[np.repeat(np.arange(n), params.C_E), np.repeat(np.arange(n), params.C_I)]
    cols = np.r_[se.ravel(), si.ravel() + params.N_E]
    data = np.r_[np.full(se.size, params.J, np.float32),
                 np.full(si.size, -params.g * params.J, np.float32)]  # fmt: skip
    expected = sp.csr_array((data, (rows, cols)), shape=(n, n))
    expected.sum_duplicates()
    got = c.to_scipy()
    assert (got.data > 1.5 * params.J).any()  # repeats were merged: the case is tested
    for name in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name))
    out = expected.T.tocsr()
    np.testing.assert_array_equal(c._out.indices, out.indices)
    np.testing.assert_array_equal(c._out.data, out.data)
    assert c.node_attrs["population"].tolist() == ["E"] * params.N_E + ["I"] * params.N_I
