"""Hermaphrodite against male on the neurons both sexes have (Cook et al. 2019).

Pieces:
    compare_pair: each connection of two animals on their shared neurons, labelled
        ``both``, ``first_only`` or ``second_only``, with both weights.
    pair_summary: counts, weight shares, Jaccard distance and the rank correlation of
        the weights on the connections both have.
    by_neuron_type: the same shares, split by the presynaptic neuron's type.

Cook's weights are serial EM sections of contact (number and size of synapses), the
same unit in both sexes, so weights can be ranked against each other; they are not
synapse counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.models.worms.wiring import shared_neurons, weight_matrix

__all__ = ["by_neuron_type", "compare_pair", "pair_summary"]


def compare_pair(
    first: str, second: str, kind: str = "chemical", neurons: list[str] | None = None
) -> pd.DataFrame:
    """Each connection of either animal on ``neurons`` (default: the shared ones).

    Returns:
        Columns ``pre``, ``post``, ``first``, ``second`` (weights, 0 where absent) and
        ``presence`` (``both``, ``first_only``, ``second_only``).

    Examples:
        >>> t = compare_pair("cook2019_herm", "cook2019_male")
        >>> t["presence"].value_counts().sort_index().to_dict()
        {'both': 1500, 'first_only': 1921, 'second_only': 679}
    """
    names = np.asarray(neurons if neurons is not None else shared_neurons([first, second]))
    a = weight_matrix(first, list(names), kind, "count")
    b = weight_matrix(second, list(names), kind, "count")
    pre, post = np.nonzero((a > 0) | (b > 0))
    wa, wb = a[pre, post], b[pre, post]
    presence = np.select([(wa > 0) & (wb > 0), wa > 0], ["both", "first_only"], "second_only")
    return pd.DataFrame({"pre": names[pre], "post": names[post], "first": wa, "second": wb,
                         "presence": presence})  # fmt: skip


def pair_summary(table: pd.DataFrame) -> dict[str, float]:
    """How much two animals share: counts, weight shares, Jaccard, rank correlation.

    ``first_weight_shared`` is the share of the first animal's weight on connections the
    second also has (likewise ``second_weight_shared``); ``spearman`` ranks the weights
    of the connections both have.

    Examples:
        >>> t = pd.DataFrame({"first": [3, 1, 0, 2], "second": [6, 0, 1, 4],
        ...                   "presence": ["both", "first_only", "second_only", "both"]})
        >>> s = pair_summary(t)
        >>> s["jaccard_distance"], s["first_weight_shared"], round(s["spearman"], 6)
        (0.5, 0.8333333333333334, 1.0)
    """
    both = table["presence"] == "both"
    return {
        "connections": len(table),
        "both": int(both.sum()),
        "first_only": int((table["presence"] == "first_only").sum()),
        "second_only": int((table["presence"] == "second_only").sum()),
        "jaccard_distance": 1.0 - float(both.mean()) if len(table) else np.nan,
        "first_weight_shared": float(table.loc[both, "first"].sum() / table["first"].sum()),
        "second_weight_shared": float(table.loc[both, "second"].sum() / table["second"].sum()),
        "spearman": float(stats.spearmanr(table.loc[both, "first"],
                                          table.loc[both, "second"]).statistic),
    }  # fmt: skip


def by_neuron_type(table: pd.DataFrame, neuron_type: pd.Series) -> pd.DataFrame:
    """Connections by the presynaptic neuron's type, and the share both animals have.

    Args:
        table: from :func:`compare_pair`.
        neuron_type: neuron name -> type.

    Returns:
        One row per type: ``neuron_type``, ``connections``, ``both``, ``first_only``,
        ``second_only``, ``shared`` (both / connections).
    """
    t = table.assign(neuron_type=table["pre"].map(neuron_type))
    out = pd.crosstab(t["neuron_type"], t["presence"]).reindex(
        columns=["both", "first_only", "second_only"], fill_value=0
    )
    out.insert(0, "connections", out.sum(axis=1))
    out["shared"] = out["both"] / out["connections"]
    return out.reset_index().rename_axis(columns=None)
