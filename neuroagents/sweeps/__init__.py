"""Sweeps: a parameter grid times seeds, run anywhere, into one resumable tidy table.

Modules:
    driver: :func:`sweep`, the one entry point (serial, local processes, Dask, or any
        ``concurrent.futures`` executor).
    plan: the runs a sweep consists of and their seeds.
    task: one run in a worker: seeding, timing, the returned rows.
    backends: where runs execute and how failures come back.
    store, manifest: the on-disk store that resumes and refuses a different sweep.
    fingerprint: what identifies a function and a config across processes.
    config: a sweep from a TOML file (``neuroagents sweep CONFIG``).

``from neuroagents.sweeps import sweep`` is the natural path (no warning).
"""

from __future__ import annotations

from neuroagents.sweeps.driver import BACKENDS, Run, plan_runs, sweep

__all__ = ["BACKENDS", "Run", "plan_runs", "sweep"]
