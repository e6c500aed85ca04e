"""The manifest of a sweep store: what it holds, and whether a new sweep belongs there.

Pieces:
    Manifest: reads ``sweep.json`` (rebuilding it from the parts' metadata if it is
        damaged), and decides what a sweep into the store does: resume, or (only when
        asked with ``on_change``) append or rerun; otherwise it refuses with what differs.
    IDENTITY_KEYS, SPEC_KEYS: the facts of a sweep the manifest compares.

A sweep's spec: the function's qualified name and code fingerprint, the config
fingerprint (CLI sweeps), the fixed params, steps, records and root seed (these decide
what a run computes, and every part carries them in its parquet metadata) and the grid
or points and the seeds (these decide which runs there are).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neuroagents.errors import ValidationError
from neuroagents.io import write_json
from neuroagents.sweeps.plan import plan_runs

__all__ = ["FORMAT", "IDENTITY_KEYS", "META_KEY", "ON_CHANGE", "SPEC_KEYS", "Manifest"]

FORMAT = "neuroagents-sweep-store/2"
META_KEY = b"neuroagents.sweep"
IDENTITY_KEYS = ("function", "code", "config", "params", "steps", "records", "root_seed")
SPEC_KEYS = (*IDENTITY_KEYS, "grid", "points", "seeds")
ON_CHANGE = ("refuse", "append", "rerun")


class Manifest:
    """The sweeps a store holds (``sweep.json``).

    Args:
        path: the manifest file.
        part_meta: part name -> the identity stored in its metadata (for a rebuild).
        warn: how to warn about a rebuild.
    """

    def __init__(
        self, path: Path, part_meta: dict[str, dict[str, Any]], warn: Callable[[str], None]
    ) -> None:
        self.path = path
        self.current: dict[str, Any] | None = None
        self.specs: list[dict[str, Any]] = self._read(part_meta, warn)

    def decide(self, spec: dict[str, Any], on_change: str) -> str:
        """What a sweep with ``spec`` does here: ``"resume"``, ``"append"`` or ``"rerun"``.

        Raises:
            ValidationError: the store holds another sweep and ``on_change="refuse"``.
        """
        self.current = spec
        for k, known in enumerate(self.specs):
            if _same(known, spec):
                self.specs[k] = spec  # fills in a spec rebuilt without its grid
                self._write()
                return "resume"
        if not self.specs:
            self.specs = [spec]
            self._write()
            return "resume"
        if on_change == "refuse":
            raise ValidationError(self._refusal(spec))
        if on_change == "append":
            self.specs.append(spec)
        else:
            self.specs = [spec]
        self._write()
        return on_change

    def current_identity(self) -> dict[str, Any]:
        """The identity of the sweep being written (stored in each part's metadata)."""
        spec = self.current or {}
        return {key: spec.get(key) for key in (*IDENTITY_KEYS, "identity")}

    def run_order(self) -> list[str] | None:
        """Run ids in the sweeps' order, or None if a sweep's grid is unknown."""
        order: list[str] = []
        for spec in self.specs:
            if spec.get("rebuilt"):
                return None
            grid = spec["grid"] if spec.get("grid") is not None else spec.get("points")
            runs = plan_runs(
                grid, spec["seeds"], params=spec.get("params"), root_seed=spec["root_seed"],
                identity=spec["identity"],
            )  # fmt: skip
            order.extend(r.run_id for r in runs)
        return list(dict.fromkeys(order))

    # ------------------------------------------------------------------ internals
    def _write(self) -> None:
        write_json({"format": FORMAT, "sweeps": self.specs}, self.path)

    def _refusal(self, spec: dict[str, Any]) -> str:
        known = self.specs[-1]
        lines = [f"The sweep store {str(self.path.parent)!r} holds another sweep:"]
        if known.get("function") != spec["function"]:
            lines.append(f"  function: stored {known.get('function')}, now {spec['function']}")
        elif known.get("code") != spec["code"]:
            lines.append(
                f"  the code of {spec['function']} (or of a helper it calls) changed since "
                "its runs were stored"
            )
        if known.get("config") != spec["config"]:
            lines.append("  the sweep config differs from the one its runs came from")
        for key in ("params", "steps", "records", "root_seed", "grid", "points", "seeds"):
            if known.get(key) != spec.get(key) and not known.get("rebuilt"):
                lines.append(
                    f"  {key}: stored {_short(known.get(key))}, now {_short(spec.get(key))}"
                )
        lines.append(
            "Use a new store, or pass on_change='append' (keep the stored runs and add this "
            "sweep's) or on_change='rerun' (move the stored runs to superseded/ and run "
            "this sweep)."
        )
        return "\n".join(lines)

    def _read(
        self, part_meta: dict[str, dict[str, Any]], warn: Callable[[str], None]
    ) -> list[dict[str, Any]]:
        if not self.path.exists():
            return self._rebuild(part_meta, warn, "missing") if part_meta else []
        try:
            data = json.loads(self.path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict) and "run_ids" in data and "format" not in data:
            raise ValidationError(
                f"The sweep store {str(self.path.parent)!r} was written by an earlier "
                f"neuroagents (one part per run, 64-bit run ids; see {self.path}); its runs "
                "cannot be resumed. Use a new store (the old one still loads with that "
                "version)."
            )
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and isinstance(data.get("sweeps"), list)
            and all(isinstance(s, dict) and set(SPEC_KEYS) <= set(s) for s in data["sweeps"])
        ):
            return data["sweeps"]
        return self._rebuild(part_meta, warn, "damaged")

    def _rebuild(
        self, part_meta: dict[str, dict[str, Any]], warn: Callable[[str], None], why: str
    ) -> list[dict[str, Any]]:
        if not part_meta:
            warn(f"the manifest {self.path} was {why} and the store holds no runs; reset it")
            return []
        if not all(meta.get("identity") for meta in part_meta.values()):
            raise ValidationError(
                f"The manifest {self.path} of the sweep store is {why}, and its parts do "
                "not say which sweep wrote them; move the store aside and use a new one."
            )
        specs = {}
        for meta in part_meta.values():
            spec = {**meta, "grid": None, "points": None, "seeds": None, "rebuilt": True}
            specs[meta["identity"]] = spec
        warn(f"the manifest {self.path} was {why}; rebuilt it from the parts' metadata")
        self.specs = list(specs.values())
        self._write()
        return self.specs


def _same(known: dict[str, Any], spec: dict[str, Any]) -> bool:
    keys = IDENTITY_KEYS if known.get("rebuilt") else SPEC_KEYS
    return all(_canonical(known.get(k)) == _canonical(spec.get(k)) for k in keys)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"
