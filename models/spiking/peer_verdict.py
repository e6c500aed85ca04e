"""Do two simulators agree on a network? Means over seeds against their sampling error.

Pieces:
    compare_simulators: per simulator and measure, its mean over seeds against the
        reference simulator's, Welch's t statistic and the verdict.
    agree: whether every comparison of a table agrees.

The runs of a simulator are independent realizations (network, initial potentials and
input all drawn from the run's seed), so a measure's per-seed values are a sample whose
mean estimates what that simulator gives for the network. Two simulators agree on a
measure when the difference of their means is within sampling error:

    t = (m_a − m_b) / √(s_a²/n_a + s_b²/n_b),

compared with Student's t quantile at Welch–Satterthwaite's degrees of freedom and level
α/(2K) (two-sided, Bonferroni over the K comparisons of a table): when the simulators do
agree, a table flags a disagreement with probability at most α (0.01 by default). A
difference larger than the seeds' spread allows, however small in percent, is reported
as a disagreement: the expected differences of :mod:`~neuroagents.models.spiking.peers`
are small enough not to show at these sample sizes (a check on what the test can see:
NEST's example with V_reset = 0 mV instead of 10 mV is flagged).

References:
    B. L. Welch, "The generalization of 'Student's' problem when several different
    population variances are involved", Biometrika 34 (1947) 28–35.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.errors import ValidationError

__all__ = ["agree", "compare_simulators"]


def _welch(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """(difference of means, its standard error, Welch's degrees of freedom)."""
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = float(np.sqrt(va + vb))
    if se == 0.0:
        return float(a.mean() - b.mean()), 0.0, float(a.size + b.size - 2)
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    return float(a.mean() - b.mean()), se, float(df)


def compare_simulators(
    table: pd.DataFrame,
    measures: Sequence[str],
    *,
    reference: str = "neuroagents",
    alpha: float = 0.01,
) -> pd.DataFrame:
    """Each simulator's mean of each measure against the reference simulator's.

    Args:
        table: one row per run: ``simulator``, ``seed`` and the measures.
        measures: the columns to compare.
        reference: the simulator the others are compared with.
        alpha: the table's family-wise false-alarm level.

    Returns:
        One row per (simulator, measure): ``mean``, ``se``, ``reference_mean``,
        ``reference_se``, ``difference``, ``relative`` (difference / reference mean),
        ``t``, ``critical``, ``agree``.

    Raises:
        ValidationError: the reference is absent, or a simulator has fewer than two runs.

    Examples:
        Two simulators whose rates differ by far less than the seeds' spread agree;
        a third, 2 Hz off with the same spread, does not:

        >>> t = pd.DataFrame({"simulator": ["a"] * 4 + ["b"] * 4 + ["c"] * 4,
        ...                   "seed": list(range(4)) * 3,
        ...                   "rate": [10.0, 10.2, 9.9, 10.1, 10.05, 9.95, 10.15, 10.0,
        ...                            12.0, 12.2, 11.9, 12.1]})
        >>> compare_simulators(t, ["rate"], reference="a")["agree"].tolist()
        [True, False]
    """
    if not (0.0 < alpha < 1.0):
        raise ValidationError(f"The 'alpha' parameter must be in (0, 1). Got {alpha!r} instead.")
    counts = table.groupby("simulator").size()
    if reference not in counts.index:
        raise ValidationError(
            f"The 'reference' simulator {reference!r} has no runs in the table; it has "
            f"{sorted(counts.index)}."
        )
    if (counts < 2).any():
        raise ValidationError(
            "Comparing simulators needs at least two seeds each (a standard error). Got "
            f"{counts.to_dict()}."
        )
    others = [s for s in counts.index if s != reference]
    k = max(1, len(others) * len(measures))
    ref = table[table["simulator"] == reference]
    rows = []
    for sim in others:
        runs = table[table["simulator"] == sim]
        for name in measures:
            a, b = runs[name].to_numpy(float), ref[name].to_numpy(float)
            diff, se, df = _welch(a, b)
            critical = float(stats.t.ppf(1.0 - alpha / (2 * k), df))
            t = diff / se if se > 0 else (0.0 if diff == 0 else np.inf * np.sign(diff))
            rows.append({
                "simulator": sim, "measure": name, "runs": a.size,
                "mean": a.mean(), "se": a.std(ddof=1) / np.sqrt(a.size),
                "reference": reference, "reference_mean": b.mean(),
                "reference_se": b.std(ddof=1) / np.sqrt(b.size),
                "difference": diff, "relative": diff / b.mean() if b.mean() else np.nan,
                "t": t, "critical": critical, "agree": bool(abs(t) <= critical),
            })  # fmt: skip
    return pd.DataFrame(rows)


def agree(comparison: pd.DataFrame) -> bool:
    """Whether every comparison of :func:`compare_simulators` agrees.

    Examples:
        >>> agree(pd.DataFrame({"agree": [True, True]}))
        True
    """
    return bool(comparison["agree"].all())
