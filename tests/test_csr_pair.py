"""Connectomes made straight from a CSR pair: ids 0..n-1 in O(1), structure checked."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import neuroagents as na
from neuroagents.connectome.csr_pair import IdRange, RangeIndex, from_csr_pair


def test_the_ids_of_a_built_connectome_behave_as_the_list_and_dict_they_replace():
    c = na.builders.gnp_ei(8, 2, p=0.3, rng=0)
    assert isinstance(c.node_ids, IdRange) and isinstance(c.index, RangeIndex)
    assert c.node_ids == list(range(10)) == c.node_ids and list(range(10)) == c.node_ids
    assert c.node_ids != list(range(9)) and c.node_ids[2:4] == [2, 3] and c.node_ids[-1] == 9
    assert c.index == {i: i for i in range(10)}
    assert c.index[np.int64(3)] == 3 and c.index[3.0] == 3  # as a dict of ints finds them
    for missing in (10, -1, "3", 2.5, None):
        assert missing not in c.index
        with pytest.raises(KeyError):
            c.index[missing]
    assert c.n_nodes == 10 and 9 in c.node_ids and 10 not in c.node_ids
    again = na.Connectome(c.to_scipy(), node_ids=c.node_ids)  # the general path takes them
    assert again.node_ids == c.node_ids and again.index[4] == 4


def test_the_model_finds_neurons_by_id_through_the_range_index():
    c = na.builders.gnp_ei(8, 2, p=0.3, rng=0)
    m = na.NeuralModel(c, rule="threshold", rng=0)
    assert m.neuron(4) is m.neurons[4] and m.neuron(np.int32(4)).index == 4
    m.clamp([7, np.int64(8)], 1.0)
    assert m.clamped.tolist() == [False] * 7 + [True, True, False] and m.state[7] == 1.0


@pytest.mark.parametrize(
    ("indptr", "indices", "match"),
    [
        ([0, 2, 1, 3], [0, 1, 2], "'indptr' of a connectome must never decrease"),
        ([0, 1, 2, 3], [0, 5, 1], r"'indices'.*\[0, 2\].*Got 5 at position 1"),
        ([0, 2, 2, 3], [1, 0, 1], "increasing within each row. Got 0 at position 1"),
        ([0, 1, 2], [0, 1], "n \\+ 1 = 4 entries"),
    ],
)
def test_a_damaged_structure_is_refused_before_any_compiled_loop(indptr, indices, match):
    good = sp.csr_array(np.eye(3, dtype=np.float32))
    good.indices = good.indices.astype(np.int32)
    bad = sp.csr_array((3, 3), dtype=np.float32)
    bad.indptr = np.array(indptr, np.int32)
    bad.indices = np.array(indices, np.int32)
    bad.data = np.ones(len(indices), np.float32)
    with pytest.raises(na.ConnectomeError, match=match):
        from_csr_pair(bad, good)
