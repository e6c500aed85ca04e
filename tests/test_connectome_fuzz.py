"""Randomly damaged connectome files and raw CSR arrays: a library error or a correct load.

Hypothesis draws batches of damage (bit flips, truncation, removed or swapped keys,
wrong dtypes, scalars for arrays, out-of-range and negative indices, non-monotone
indptr, NaN/inf and huge weights, garbled CSV cells and GraphML values, undeclared
nodes) to ``.npz``, CSV and GraphML files and to raw CSR arrays. Each batch is loaded
in ONE subprocess (tests/connectome_fuzz_worker.py, run by tests/subprocess_cases.py),
so a segfault or a hang fails the test and names the case instead of killing pytest. A
load counts as correct only if a model on it computes the inputs an independent dense
product gives.

Size: 6 batches x 50 cases = 300 damaged inputs a run (derandomized, so CI sees the
same ones; no shrinking: the failing case is named by the worker).
"""

import sys
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import neuroagents as na
from neuroagents.connectome.files import save_connectome

sys.path.insert(0, str(Path(__file__).resolve().parent))
from subprocess_cases import run_cases

WORKER = Path(__file__).with_name("connectome_fuzz_worker.py")
KINDS = ("npz", "raw", "csv", "graphml")
NPZ_OPS = (
    "bitflip", "truncate", "drop_key", "swap_keys", "float_dtype", "text_dtype",
    "object_dtype", "scalar", "two_d", "index_out", "index_negative", "indptr_shuffle",
    "indptr_shift", "nan", "inf", "huge", "short", "bool_dtype", "shape",
)  # fmt: skip
TEXT_OPS = ("bitflip", "truncate", "cell", "drop_line", "duplicate_line")
CELLS = ("nan", "inf", "-inf", "1e400", "", "abc", "1e-400", "9" * 30, "0x10", "1,5", '"')


def _base(rng: np.random.Generator) -> na.Connectome:
    n = int(rng.integers(2, 9))
    w = rng.normal(size=(n, n)) * (rng.random((n, n)) < 0.5)
    attrs = {"tau": rng.random(n) + 0.5}
    return na.Connectome.from_matrix(w, storage="sparse", node_attrs=attrs)


def _damage_arrays(arrays: dict, op: str, rng: np.random.Generator) -> dict:
    keys = sorted(arrays)
    key = keys[int(rng.integers(len(keys)))]
    nnz = arrays["indices"].size
    if op == "drop_key":
        arrays.pop(key)
    elif op == "swap_keys":
        other = keys[int(rng.integers(len(keys)))]
        arrays[key], arrays[other] = arrays[other], arrays[key]
    elif op == "float_dtype":
        arrays[key] = np.asarray(arrays[key]).astype(float) + 0.5
    elif op == "text_dtype":
        arrays[key] = np.asarray(arrays[key]).astype(str)
    elif op == "object_dtype":
        arrays[key] = np.array([None, 1, "x"], dtype=object)
    elif op == "bool_dtype":
        arrays[key] = np.asarray(arrays[key]).astype(bool)
    elif op == "scalar":
        arrays[key] = np.array(7)
    elif op == "two_d":
        arrays[key] = np.atleast_2d(arrays[key]).repeat(2, axis=0)
    elif op == "index_out" and nnz:
        arrays["indices"] = arrays["indices"].copy()
        arrays["indices"][int(rng.integers(nnz))] = int(rng.choice([10**6, 2**31 - 1, 9]))
    elif op == "index_negative" and nnz:
        arrays["indices"] = arrays["indices"].copy()
        arrays["indices"][int(rng.integers(nnz))] = int(rng.choice([-1, -(2**31)]))
    elif op == "indptr_shuffle":
        arrays["indptr"] = rng.permutation(arrays["indptr"])
    elif op == "indptr_shift":
        arrays["indptr"] = arrays["indptr"] + int(rng.choice([-3, -1, 1, 5]))
    elif op in ("nan", "inf", "huge") and nnz:
        arrays["data"] = arrays["data"].astype(float)
        value = {"nan": np.nan, "inf": -np.inf, "huge": float(rng.choice([1e300, 1e39, 1e-320]))}
        arrays["data"][int(rng.integers(nnz))] = value[op]
    elif op == "short":
        arrays[key] = np.asarray(arrays[key])[:-1]
    elif op == "shape":
        shapes = ([3, 4], [-2, -2], [2**40, 2**40], [0, 0], [1])
        arrays["shape"] = np.array(shapes[int(rng.integers(len(shapes)))])
    return arrays


def _damage_bytes(raw: bytes, op: str, rng: np.random.Generator) -> bytes:
    data = bytearray(raw)
    if op == "truncate":
        return bytes(data[: int(rng.integers(len(data)))])
    for _ in range(int(rng.integers(1, 6))):
        k = int(rng.integers(len(data)))
        data[k] ^= 1 << int(rng.integers(8))
    return bytes(data)


def _damage_text(text: str, op: str, rng: np.random.Generator, kind: str) -> str:
    lines = text.splitlines()
    k = int(rng.integers(1, len(lines))) if len(lines) > 1 else 0
    if op == "drop_line":
        del lines[k]
    elif op == "duplicate_line":
        lines.insert(k, lines[k])
    elif op == "cell" and kind == "csv":
        cells = lines[k].split(",")
        cells[int(rng.integers(len(cells)))] = str(rng.choice(CELLS))
        lines[k] = ",".join(cells)
    elif op == "cell":  # a GraphML data value or id
        for j in rng.permutation(len(lines)):
            if "<data" in lines[j] or "<node id" in lines[j]:
                head, _, _rest = lines[j].partition(">")
                if "<node id" in lines[j]:
                    lines[j] = f'<node id="{rng.choice(CELLS)}"/>'
                else:
                    lines[j] = f"{head}>{rng.choice(CELLS)}</data>"
                break
    return "\n".join(lines) + "\n"


def _make_case(tmp: Path, cid: str, kind: str, op_index: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    c = _base(rng)
    if kind in ("npz", "raw"):
        op = NPZ_OPS[op_index % len(NPZ_OPS)]
        src = save_connectome(c, tmp / f"{cid}.src.npz")
        arrays = dict(np.load(src))
        path = tmp / f"{cid}.npz"
        if op in ("bitflip", "truncate"):
            path.write_bytes(_damage_bytes(src.read_bytes(), op, rng))
        else:
            try:
                arrays = _damage_arrays(arrays, op, rng)
            except (ValueError, TypeError, IndexError):  # the op does not fit this key
                arrays.pop("indptr")
            np.savez(path, **arrays)
        if kind == "raw" and op in ("bitflip", "truncate"):
            kind = "npz"  # raw arrays need a readable archive
        return {"id": cid, "kind": kind, "path": str(path), "op": op}
    op = TEXT_OPS[op_index % len(TEXT_OPS)]
    src = save_connectome(c, tmp / f"{cid}.{kind}")
    if op in ("bitflip", "truncate"):
        src.write_bytes(_damage_bytes(src.read_bytes(), op, rng))
    else:
        src.write_text(_damage_text(src.read_text(), op, rng, kind))
    return {"id": cid, "kind": kind, "path": str(src), "op": op}


CASE = st.tuples(st.sampled_from(KINDS), st.integers(0, 100), st.integers(0, 2**32 - 1))


@settings(
    max_examples=6, deadline=None, derandomize=True, phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(batch=st.lists(CASE, min_size=50, max_size=50))
def test_damaged_inputs_get_a_library_error_or_a_correct_load(tmp_path_factory, batch):
    tmp = tmp_path_factory.mktemp("fuzz")
    cases = [_make_case(tmp, f"c{k}", *spec) for k, spec in enumerate(batch)]
    verdicts = run_cases(WORKER, cases)
    by_id = {case["id"]: case for case in cases}
    bad = [line for line in verdicts if line.startswith("BAD")]
    assert not bad, [(line, by_id[line.split()[1]]) for line in bad[:5]]
    words = [line.split()[0] for line in verdicts]
    assert words.count("REFUSED") >= len(cases) // 4  # the damage is real, and caught
