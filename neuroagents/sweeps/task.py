"""What every run of a sweep executes, and how it travels to other processes.

Pieces:
    RunTask: the user's function (or NeuralModel subclass) with ``steps`` and
        ``records``; calling it on a :class:`~neuroagents.sweeps.plan.Run` gives a
        :data:`Result` whose table is a ``pyarrow.Table`` (errors caught, recorded).
    ship: the task as bytes, serialized with cloudpickle *by value* where it cannot be
        imported by reference (``__main__`` of a notebook, ``python -c``, stdin, and the
        user's own modules), so any worker can run it without the user's files.
    run_batch: the worker side: load a shipped task (cached) and run a batch of runs.
    failed_result: the table of a run that failed, with its message.

A run's outputs become an Arrow table in the worker: a value that parquet cannot hold
(an arbitrary object) fails that run with a message naming the output, not the sweep.
"""

from __future__ import annotations

import hashlib
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import cloudpickle
import pandas as pd
import pyarrow as pa
from threadpoolctl import ThreadpoolController

from neuroagents.errors import ValidationError
from neuroagents.sweeps.fingerprint import is_user_module, qualified_name
from neuroagents.sweeps.plan import RESERVED, Run

__all__ = ["Result", "RunTask", "failed_result", "run_batch", "ship"]

Result = tuple[str, pa.Table, str, float]
"""``(run_id, table, status, seconds)`` of one finished run."""


class RunTask:
    """``fn`` with its run's params and rng; a failure becomes a failed-run table.

    Args:
        fn: a function ``fn(params, rng)`` returning a dict or a DataFrame, or a
            NeuralModel subclass built as ``fn(**params, rng=rng)``.
        steps: how long to run a model class.
        records: for a model class, keep every record instead of the last one.
    """

    def __init__(self, fn: Callable[..., Any], steps: float | None, records: bool) -> None:
        from neuroagents.sim.model import NeuralModel

        if not callable(fn):
            raise ValidationError(
                f"The 'fn' parameter of sweep must be a function of (params, rng) or a "
                f"NeuralModel subclass. Got {fn!r}."
            )
        self.is_model = isinstance(fn, type) and issubclass(fn, NeuralModel)
        if self.is_model and steps is None:
            raise ValidationError(
                f"sweep over the model class {fn.__name__} needs 'steps' (how long to run "
                "each model). Got None."
            )
        self.fn, self.steps, self.records = fn, steps, records

    def __call__(self, run: Run) -> Result:
        """Run one run; never raises for an error of the run itself."""
        start = time.perf_counter()
        try:
            # One BLAS thread on every backend: a threaded BLAS may sum in another
            # order, and a run's numbers must not depend on where it ran.
            with _one_blas_thread():
                out = self._outputs(run)
            table = run_table(out, run, "ok", None, None)
            status = "ok"
        except Exception as err:  # a failing run is recorded, not fatal
            table = failed_result(run, f"{type(err).__name__}: {err}", traceback.format_exc())[1]
            status = "failed"
        return run.run_id, table, status, time.perf_counter() - start

    def _outputs(self, run: Run) -> pd.DataFrame | Mapping[str, Any]:
        rng = run.rng()
        if self.is_model:
            model = self.fn(**run.params, rng=rng)
            model.run_for(self.steps)
            table = model.datacollector.get_model_vars_dataframe()
            return table if self.records else table.tail(1).reset_index(drop=True)
        result = self.fn(dict(run.params), rng)
        if isinstance(result, pd.DataFrame):
            return result.reset_index(drop=True)
        if isinstance(result, Mapping):
            return result
        raise TypeError(
            f"sweep's fn must return a dict or a DataFrame; {qualified_name(self.fn)} "
            f"returned {type(result).__name__}."
        )


_CONTROLLER: list[ThreadpoolController] = []


def _one_blas_thread() -> Any:
    """Limit BLAS/OpenMP pools to one thread (the controller is built once: ~1 ms)."""
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0].limit(limits=1)


def run_table(
    out: pd.DataFrame | Mapping[str, Any],
    run: Run,
    status: str,
    error: str | None,
    trace: str | None,
) -> pa.Table:
    """The stored rows of one run: run columns, parameters, status, then outputs.

    Raises:
        ValidationError: an output reuses a parameter or reserved name.
        TypeError: an output cannot be stored in a parquet column (named).
    """
    names = list(out.columns) if isinstance(out, pd.DataFrame) else list(out)
    clash = (set(run.params) | set(RESERVED)) & set(map(str, names))
    if clash:
        raise ValidationError(
            f"The outputs of a sweep run must not reuse parameter or reserved names; "
            f"got {sorted(clash)}."
        )
    outputs = _output_columns(out)
    rows = max(len(outputs[0]) if outputs else 1, 1)
    columns: dict[str, pa.Array] = {
        "run_id": pa.array([run.run_id] * rows, pa.string()),
        "seed": pa.array([run.seed] * rows, pa.int64()),
    }
    for name, value in run.params.items():
        try:
            columns[name] = pa.array([value] * rows)
        except (pa.ArrowException, TypeError, ValueError):
            columns[name] = pa.array([repr(value)] * rows, pa.string())
    columns["status"] = pa.array([status] * rows, pa.string())
    columns["error"] = pa.array([error] * rows, pa.string())
    columns["traceback"] = pa.array([trace] * rows, pa.string())
    for name, array in zip(names, outputs, strict=True):
        columns[str(name)] = array
    return pa.table(columns)


def failed_result(run: Run, error: str, trace: str | None = None) -> Result:
    """The result of a run that failed with ``error`` (no outputs)."""
    return run.run_id, run_table({}, run, "failed", error, trace), "failed", 0.0


def _output_columns(out: pd.DataFrame | Mapping[str, Any]) -> list[pa.Array]:
    if isinstance(out, pd.DataFrame):
        items = [(name, out[name]) for name in out.columns]
    else:
        items = [(name, [value]) for name, value in out.items()]
    arrays = []
    for name, values in items:
        try:
            arrays.append(pa.array(values, from_pandas=True))
        except (pa.ArrowException, TypeError, ValueError):
            sample = values.iloc[0] if isinstance(values, pd.Series) else values[0]
            raise TypeError(
                f"the output {name!r} holds a value of type {type(sample).__name__}, which "
                "cannot be stored in a table column; return numbers, strings, booleans or "
                "lists of them."
            ) from None
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise ValidationError(f"The output columns of a sweep run differ in length: {lengths}.")
    return arrays


# ---------------------------------------------------------------------- shipping
def ship(task: RunTask, backend: str) -> bytes:
    """``task`` as bytes; user code by value, installed packages by reference.

    Raises:
        ValidationError: the function holds something that cannot leave this process.
    """
    modules = [
        name
        for name, module in list(sys.modules.items())
        if module is not None and "." not in name and name != "__main__" and is_user_module(module)
    ]
    registered = []
    for name in modules:
        try:
            cloudpickle.register_pickle_by_value(sys.modules[name])
            registered.append(name)
        except ValueError:
            continue  # registered already
    try:
        return cloudpickle.dumps(task)
    except Exception as err:
        raise ValidationError(
            f"backend={backend!r} sends 'fn' to other processes, but "
            f"{qualified_name(task.fn)} holds something that cannot be serialized: {err}. "
            "Create that object inside the function (or pass plain values in params), or "
            "use backend='serial'."
        ) from None
    finally:
        for name in registered:
            cloudpickle.unregister_pickle_by_value(sys.modules[name])


_LOADED: dict[str, RunTask] = {}


def run_batch(payload: bytes, runs: bytes) -> list[Result]:
    """Worker side: run the shipped task on each of the (cloudpickled) runs."""
    batch: list[Run] = cloudpickle.loads(runs)
    key = hashlib.sha256(payload).hexdigest()
    task = _LOADED.get(key)
    if task is None:
        try:
            task = cloudpickle.loads(payload)
        except Exception as err:
            message = (
                f"the sweep function could not be loaded in this worker ({type(err).__name__}: "
                f"{err}); the worker needs the packages the function imports (same versions)."
            )
            return [failed_result(run, message, traceback.format_exc()) for run in batch]
        _LOADED.clear()  # one sweep at a time per worker: keep one task
        _LOADED[key] = task
    return [task(run) for run in batch]
