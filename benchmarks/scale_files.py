"""Saving and opening a large connectome: a folder of arrays against numpy's own .npy I/O.

Case: ``na.builders.gnp_ei(0.8 n, 0.2 n, p=50 / n, rng=0)`` (n = 10^6, 5 * 10^7 synapses,
808 MB of in- and out-edge arrays). Project: ``save_connectome(c, "x.connectome")`` (a
folder of ``.npy`` files, written beside the target and moved into place) and
``load_connectome`` of it (memory-mapped, every array checked in one compiled pass),
then a model built on it. Baseline, "disk speed": ``np.save`` of the same six arrays
and ``np.load(mmap_mode="r")`` followed by one pass over each (``.sum()``), which is
what reading them at all costs. Also the ``.npz`` the project wrote before
(``savez_compressed``) for scale. Files go to a temporary folder on the same disk as
the repository. Repeats are interleaved and the best is kept; the page cache is warm
after the first write, so these are memory-to-page-cache speeds on this machine (shared
with other jobs: expect large run-to-run spread).

``--huge``: n = 10^7, 5 * 10^8 synapses (8.1 GB of arrays; ~9 GB of memory, ~17 GB of
disk), timed once, without the ``.npz``, written to ``scale_files_huge.json``. There
the page cache cannot hold every copy, so the disk itself is the reference: ``dd`` of
the same number of bytes from /dev/zero, with ``conv=fdatasync`` (the disk's write
speed) and without (the page cache's), and ``os.sync`` after each save.

Run:
    .venv/bin/python benchmarks/scale_files.py            # n = 10^6 (~2 GB of disk)
    .venv/bin/python benchmarks/scale_files.py --quick    # n = 10^5, nothing written
    .venv/bin/python benchmarks/scale_files.py --huge     # n = 10^7 (~17 GB of disk)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import fmt_bytes, table, write_results

import neuroagents as na
from neuroagents.connectome.files import load_connectome, save_connectome

CODE = (
    "neuroagents/connectome/mapped.py",
    "neuroagents/connectome/npz.py",
    "neuroagents/connectome/csr_pair.py",
    "neuroagents/connectome/wiring_kernels.py",
)
REPEATS = 5


def _arrays(c: na.Connectome) -> dict[str, np.ndarray]:
    return {f"{side}_{name}": getattr(m, name) for side, m in (("in", c._in), ("out", c._out))
            for name in ("indptr", "indices", "data")}  # fmt: skip


def _dd(path: Path, nbytes: int, sync: bool) -> float:
    """Seconds ``dd`` takes to write ``nbytes`` of zeros (64 MiB blocks) to ``path``."""
    count = -(-nbytes // (64 << 20))
    cmd = ["dd", "if=/dev/zero", f"of={path}", "bs=64M", f"count={count}"]
    t0 = time.perf_counter()
    subprocess.run(cmd + (["conv=fdatasync"] if sync else []), check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    path.unlink()
    return seconds


def huge(c: na.Connectome, root: Path) -> dict[str, float]:
    """The 5 * 10^8-synapse case, once each: save (+ sync), open, np.save (+ sync), load, dd."""
    times = {}
    t0 = time.perf_counter()
    folder = save_connectome(c, root / "c.connectome")
    times["save"] = time.perf_counter() - t0
    os.sync()
    times["save_synced"] = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    d = load_connectome(folder)
    times["open"], times["open_cpu"] = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    m = na.NeuralModel(d, rule="threshold", rng=0, record_every=None)
    times["model"] = time.perf_counter() - t0
    assert np.shares_memory(m.arrays.out[1], d._out.indices)
    del m, d
    raw = root / "raw"
    raw.mkdir()
    t0 = time.perf_counter()
    for name, arr in _arrays(c).items():
        np.save(raw / f"{name}.npy", arr)
    times["np_save"] = time.perf_counter() - t0
    os.sync()
    times["np_save_synced"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name in _arrays(c):
        float(np.load(raw / f"{name}.npy", mmap_mode="r").sum())
    times["np_load"] = time.perf_counter() - t0
    shutil.rmtree(raw)
    # The same save again, now that np.save has gone second: on this virtual machine the
    # first writer of fresh page-cache memory pays for backing it, so order matters.
    # ``folder`` is the save above, inside this run's own mkdtemp ``root``: nothing else.
    shutil.rmtree(folder)
    t0 = time.perf_counter()
    save_connectome(c, root / "c.connectome")
    os.sync()
    times["save_again_synced"] = time.perf_counter() - t0
    times["dd_page_cache"] = _dd(root / "dd.bin", c.nbytes, sync=False)
    times["dd_fdatasync"] = _dd(root / "dd.bin", c.nbytes, sync=True)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 10^5, nothing written")
    parser.add_argument("--huge", action="store_true", help="n = 10^7, 5*10^8 synapses")
    args = parser.parse_args(argv)
    if args.huge:
        return main_huge()
    n = 10**5 if args.quick else 10**6
    c = na.builders.gnp_ei(int(0.8 * n), n - int(0.8 * n), p=50 / n, rng=0)
    root = Path(tempfile.mkdtemp(dir=Path(__file__).resolve().parent, prefix=".files."))
    small = na.builders.gnp_ei(40, 10, p=0.1, rng=0)  # numba caches, untimed
    load_connectome(save_connectome(small, root / "warm.connectome"))
    times: dict[str, list[float]] = {k: [] for k in ("save", "open", "model", "np_save",
                                                      "np_load", "npz_save")}  # fmt: skip
    try:
        for r in range(REPEATS):
            t0 = time.perf_counter()
            folder = save_connectome(c, root / "c.connectome")
            times["save"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            d = load_connectome(folder)
            times["open"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            m = na.NeuralModel(d, rule="threshold", rng=0, record_every=None)
            times["model"].append(time.perf_counter() - t0)
            assert np.shares_memory(m.arrays.out[1], d._out.indices)
            del m, d
            # New files in a new folder, the old one removed: as save_connectome does.
            t0 = time.perf_counter()
            raw = Path(tempfile.mkdtemp(dir=root, prefix="raw."))
            for name, arr in _arrays(c).items():
                np.save(raw / f"{name}.npy", arr)
            for old in root.glob("raw.*"):
                if old != raw:
                    shutil.rmtree(old)
            times["np_save"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for name in _arrays(c):
                float(np.load(raw / f"{name}.npy", mmap_mode="r").sum())
            times["np_load"].append(time.perf_counter() - t0)
            if r == 0:  # the compressed .npz once: it is minutes at this size
                t0 = time.perf_counter()
                np.savez_compressed(root / "c.npz", **_arrays(c))
                times["npz_save"].append(time.perf_counter() - t0)
    finally:
        shutil.rmtree(root)
    best = {k: min(v) for k, v in times.items()}
    rows = [["save_connectome(.connectome)", f"{best['save']:.2f} s", "np.save of the arrays",
             f"{best['np_save']:.2f} s", f"{best['save'] / best['np_save']:.2f}x"],
            ["load_connectome (mmap, checked)", f"{best['open']:.2f} s",
             "np.load(mmap) + one pass", f"{best['np_load']:.2f} s",
             f"{best['open'] / best['np_load']:.2f}x"],
            ["NeuralModel on the mapped arrays", f"{best['model']:.2f} s", "", "", ""],
            ["(the old .npz: savez_compressed)", f"{best['npz_save']:.2f} s", "", "", ""],
            ]  # fmt: skip
    print(f"n = {n:,}, {c.n_edges:,} synapses, {fmt_bytes(c.nbytes)} of arrays (best of "
          f"{REPEATS})")  # fmt: skip
    print(table(["project", "time", "baseline", "time", "ratio"], rows))
    if args.quick:
        return
    readme = [[f"saving / opening a connectome of 10⁶ neurons, {c.n_edges / 1e6:.0f}M synapses "
               f"({c.nbytes / 1e6:.0f} MB)",
               f"{best['save']:.2f} s / {best['open']:.2f} s (memory-mapped, checked)",
               f"`np.save` / `np.load(mmap)` + one pass: {best['np_save']:.2f} s / "
               f"{best['np_load']:.2f} s; old `.npz`: {best['npz_save']:.0f} s",
               f"{best['save'] / best['np_save']:.2f}× / {best['open'] / best['np_load']:.2f}×"
               " (disk speed: ≈ 1×)"]]  # fmt: skip
    write_results("scale_files", {"n": n, "synapses": c.n_edges, "bytes": c.nbytes,
                                  "times": times, "best": best}, readme, code=CODE)  # fmt: skip


def main_huge() -> None:
    """``--huge``: 10^7 neurons, 5 * 10^8 synapses, each step once, against ``dd``."""
    here = Path(__file__).resolve().parent
    n = 10**7
    need = 2.2 * 16 * 50 * n  # the folder, the .npy copy and dd's file, one at a time
    if shutil.disk_usage(here).free < need:
        raise SystemExit(f"--huge needs {need / 1e9:.0f} GB of free disk beside {here}.")
    c = na.builders.gnp_ei(int(0.8 * n), n - int(0.8 * n), p=50 / n, rng=0)
    root = Path(tempfile.mkdtemp(dir=here, prefix=".files."))
    small = na.builders.gnp_ei(40, 10, p=0.1, rng=0)  # numba caches, untimed
    load_connectome(save_connectome(small, root / "warm.connectome"))
    try:
        t = huge(c, root)
    finally:
        shutil.rmtree(root)
    gb = c.nbytes / 1e9
    rows = [["save_connectome (+ os.sync)", f"{t['save']:.1f} s ({t['save_synced']:.1f} s)",
             "np.save (+ os.sync)", f"{t['np_save']:.1f} s ({t['np_save_synced']:.1f} s)",
             f"{t['save_synced'] / t['np_save_synced']:.2f}x"],
            ["save_connectome again, after np.save (+ os.sync)",
             f"{t['save_again_synced']:.1f} s", "", "",
             f"{t['save_again_synced'] / t['np_save_synced']:.2f}x"],
            ["load_connectome (mmap, checked)", f"{t['open']:.1f} s",
             "np.load(mmap) + one pass", f"{t['np_load']:.1f} s",
             f"{t['open'] / t['np_load']:.2f}x"],
            ["NeuralModel on the mapped arrays", f"{t['model']:.1f} s", "", "", ""],
            ["dd, same bytes: page cache / fdatasync", "",
             f"{gb / t['dd_page_cache']:.2f} / {gb / t['dd_fdatasync']:.2f} GB/s",
             f"{t['dd_page_cache']:.1f} / {t['dd_fdatasync']:.1f} s", ""]]  # fmt: skip
    print(f"n = {n:,}, {c.n_edges:,} synapses, {fmt_bytes(c.nbytes)} of arrays (once), load "
          f"average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(table(["project", "time", "baseline", "time", "ratio"], rows))
    readme = [[f"saving / opening a connectome of 10⁷ neurons, {c.n_edges / 1e6:.0f}M synapses "
               f"({gb:.1f} GB)",
               f"{t['save_synced']:.0f} s synced / {t['open']:.1f} s (memory-mapped, checked)",
               f"`np.save` + sync / `np.load(mmap)` + one pass: {t['np_save_synced']:.0f} s / "
               f"{t['np_load']:.1f} s; `dd` fdatasync: {gb / t['dd_fdatasync']:.2f} GB/s",
               f"{t['save_synced'] / t['np_save_synced']:.2f}× (saved again after np.save: "
               f"{t['save_again_synced'] / t['np_save_synced']:.2f}×) / "
               f"{t['open'] / t['np_load']:.2f}× (disk speed: ≈ 1×)"]]  # fmt: skip
    write_results("scale_files_huge", {"n": n, "synapses": c.n_edges, "bytes": c.nbytes,
                                       "times": t}, readme, code=CODE)  # fmt: skip


if __name__ == "__main__":
    main()
