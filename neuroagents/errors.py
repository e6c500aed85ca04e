"""The exception family of neuroagents.

Every error the library raises on bad input derives from :class:`NeuroagentsError`,
and its message names the input, the constraint it broke and the value it had.

Classes:
    NeuroagentsError: the root of the family.
    ValidationError: a parameter or argument breaks a documented constraint.
    ConnectomeError: a connectome is malformed for the model that uses it.
    ConfigError: an experiment config (TOML) has a bad key or value.
    RunFailedError: a sweep asked to raise on failure had runs that failed.
    DivergedError: continuous dynamics left the finite numbers (an unstable network).
    UnknownNodeError: a node id the connectome does not have (a ``KeyError`` too).
    RunFailedWarning: a sweep returned runs that failed (kept as rows with status
        "failed"), whatever its progress setting.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ConnectomeError",
    "DivergedError",
    "NeuroagentsError",
    "RunFailedError",
    "RunFailedWarning",
    "UnknownNodeError",
    "ValidationError",
]


class NeuroagentsError(Exception):
    """Root of every error raised by neuroagents."""


class ValidationError(NeuroagentsError, ValueError):
    """A parameter breaks a documented constraint."""


class ConnectomeError(ValidationError):
    """A connectome is malformed, or unfit for the model that uses it."""


class ConfigError(ValidationError):
    """An experiment config has a bad key or value."""


class RunFailedError(NeuroagentsError, RuntimeError):
    """Runs of a sweep failed (raised only with ``on_failure="raise"``)."""


class DivergedError(NeuroagentsError, ArithmeticError):
    """Continuous dynamics overflowed: a state became infinite or NaN during a run."""


class RunFailedWarning(UserWarning):
    """Runs of a sweep failed and were kept as rows with ``status == "failed"``."""


class UnknownNodeError(ValidationError, KeyError):
    """A node id the connectome does not have (also a ``KeyError``, as a mapping's miss)."""

    def __str__(self) -> str:
        return Exception.__str__(self)  # the message as written, not KeyError's repr of it
