"""Figures of the worms' experiments (matplotlib only here).

Pieces:
    identity_figure: matching accuracy per pair and known seeds; accuracy against the
        rewired fraction with the real pairs placed on it; what wrong matches were.
    canonical_figure: connections and synapses by prevalence; the shared core against
        the number of animals; motif ratios per animal with bootstrap intervals.
    development_figure: growth by stage; changes per step; reverse pruning; spectra.
    sex_figure: weights in both sexes; shared share by neuron type; distances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from neuroagents.models.worms.wiring import rewiring_for_distance
from neuroagents.plots import new_figure

__all__ = ["canonical_figure", "development_figure", "identity_figure", "sex_figure"]


def identity_figure(means: pd.DataFrame, curve: pd.DataFrame, errors: pd.DataFrame) -> Figure:
    """Accuracy by pair and seeds; the perturbation curve; relations of wrong matches."""
    fig, axes = new_figure(1, 3, size=(16.0, 4.5))
    ax = axes[0, 0]
    pairs = list(dict.fromkeys(means["pair"]))
    knowns = sorted(means["known"].unique())
    width = 0.8 / max(len(knowns), 1)
    for k, known in enumerate(knowns):
        rows = means[means["known"] == known].set_index("pair").reindex(pairs)
        x = np.arange(len(pairs)) + (k - (len(knowns) - 1) / 2) * width
        ax.bar(x, rows["accuracy"], width, label=f"{known} known")
        ax.plot(x, rows["up_to_mirror"], "k_", ms=10)
    labels = [p.replace("/", "\n").replace("cook2019_", "cook ").replace("varshney", "varsh. ")
              for p in pairs]  # fmt: skip
    ax.set_xticks(np.arange(len(pairs)), labels, fontsize=7, rotation=30)
    ax.set(ylim=(0, 1.05), ylabel="neurons matched to the same name",
           title="graph matching (bars; ticks: up to left/right)")  # fmt: skip
    ax.legend(fontsize=7, loc="lower left")
    ax = axes[0, 1]
    mean = curve.groupby("fraction")["accuracy"].agg(["mean", "min", "max"])
    ax.plot(mean.index, mean["mean"], "o-", color="0.2", label=f"{curve['animal'].iloc[0]} vs "
            "rewired copy")  # fmt: skip
    ax.fill_between(mean.index, mean["min"], mean["max"], color="0.8")
    seeded = means[means["known"] == curve["known"].iloc[0]]
    for _, row in seeded.iterrows():
        f = rewiring_for_distance(row["edge_distance"])
        ax.plot(f, row["accuracy"], "s", label=row["pair"])
    ax.set(xlabel="fraction of edges rewired (real pairs: at their Jaccard equivalent)",
           ylabel="accuracy", ylim=(0, 1.05),
           title=f"accuracy as edges are perturbed ({curve['known'].iloc[0]} known)")  # fmt: skip
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    if len(errors):
        counts = errors.groupby(["known", "relation"]).size().unstack(fill_value=0)
        share = counts.div(counts.sum(axis=1), axis=0)
        bottom = np.zeros(len(share))
        for relation in ("mirror", "class", "type", "other"):
            if relation in share:
                ax.bar(share.index.astype(str), share[relation], bottom=bottom, label=relation)
                bottom += share[relation].to_numpy()
        ax.legend(fontsize=8)
    ax.set(xlabel="known pairs", ylabel="share of wrong matches",
           title="what a wrong match was (all pairs)")  # fmt: skip
    return fig


def canonical_figure(
    prevalence: pd.DataFrame, core: pd.DataFrame, log_ratio: pd.DataFrame, intervals: pd.DataFrame
) -> Figure:
    """Prevalence, core vs number of animals, motif log-ratios with intervals."""
    fig, axes = new_figure(1, 3, size=(16.0, 4.5))
    ax = axes[0, 0]
    x = prevalence["animals"]
    ax.bar(x - 0.2, prevalence["connection_share"], 0.4, label="connections")
    ax.bar(x + 0.2, prevalence["weight_share"], 0.4, label="synapses")
    ax.set(xlabel="present in k animals", ylabel="share", title="how many animals have it")
    ax.set_xticks(x)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    ax.plot(core["animals"], core["mean"], "o-", color="0.2", label="mean over subsets")
    ax.fill_between(core["animals"], core["min"], core["max"], color="0.85", label="range")
    ax.set(xlabel="animals compared", ylabel="connections present in all of them",
           title="the shared core shrinks with more animals", ylim=(0, 1.05))  # fmt: skip
    ax.legend(fontsize=8)
    ax = axes[0, 2]
    stats = list(log_ratio.columns)
    y = np.arange(len(stats))
    for animal, row in log_ratio.iterrows():
        ax.plot(row.to_numpy(), y, ".", ms=6, label=animal)
    iv = intervals.set_index("statistic").loc[stats]
    ax.errorbar(iv["log_ratio_mean"], y, xerr=[iv["log_ratio_mean"] - iv["ci_low"],
                iv["ci_high"] - iv["log_ratio_mean"]], fmt="k|", capsize=4, ms=12)  # fmt: skip
    ax.axvline(0, color="0.5", lw=0.8)
    ax.set_yticks(y, stats, fontsize=8)
    ax.set(xlabel="log(observed / degree-preserving null mean)",
           title="motifs per animal (bars: bootstrap over animals)")  # fmt: skip
    ax.legend(fontsize=6, ncol=2)
    return fig


def development_figure(
    stages: pd.DataFrame, changes: pd.DataFrame, pruning: pd.DataFrame, spectra: pd.DataFrame
) -> Figure:
    """Growth, changes per step, reverse pruning and the spectra by stage."""
    fig, axes = new_figure(1, 4, size=(20.0, 4.5))
    ax = axes[0, 0]
    age = stages["age_hours"]
    ax.plot(age, stages["synapses"] / stages["synapses"].iloc[0], "o-", label="synapses")
    ax.plot(age, stages["connections"] / stages["connections"].iloc[0], "s-",
            label="connections")  # fmt: skip
    ax.plot(age, stages["neurons"] / stages["neurons"].iloc[0], "^-", label="neurons")
    ax.plot(age, stages["reciprocity"] / stages["reciprocity"].iloc[0], "d-",
            label="reciprocity")  # fmt: skip
    ax.set(xlabel="hours after hatching", ylabel=f"relative to {stages['animal'].iloc[0]}",
           title="growth")  # fmt: skip
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    steps = list(dict.fromkeys(changes["step"]))
    bottom = np.zeros(len(steps))
    for change in ("removed", "weakened", "unchanged", "strengthened", "added"):
        rows = changes[changes["change"] == change].set_index("step").reindex(steps)
        ax.bar(range(len(steps)), rows["connections"], bottom=bottom, label=change)
        bottom += rows["connections"].to_numpy()
    ax.set_xticks(range(len(steps)), [s.replace("witvliet", "w") for s in steps],
                  rotation=60, fontsize=7)  # fmt: skip
    ax.set(ylabel="connections", title="changes per step (last: adult vs adult)")
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    p = pruning.pivot(index="young", columns="rule", values="precision")
    for k, rule in enumerate(["magnitude", "spectral", "random", "young_in_adult"]):
        ax.bar(np.arange(len(p)) + (k - 1.5) * 0.2, p[rule], 0.2, label=rule)
    ax.set_xticks(range(len(p)), p.index, fontsize=8)
    ax.set(ylabel="kept adult connections the young has", ylim=(0, 1),
           title="adult pruned to the young's size")  # fmt: skip
    ax.legend(fontsize=7)
    ax = axes[0, 3]
    for animal, rows in spectra.groupby("animal", sort=False):
        v = np.sort(rows["abs"].to_numpy())[::-1]
        ax.plot(np.arange(1, len(v) + 1), v, lw=1, label=animal)
    ax.set(xscale="log", xlabel="rank", ylabel="|eigenvalue| of the 0/1 adjacency",
           title="spectrum by stage")  # fmt: skip
    ax.legend(fontsize=6)
    return fig


def sex_figure(whole: pd.DataFrame, typed: pd.DataFrame, table: pd.DataFrame) -> Figure:
    """Weights in both sexes; shared share by type; Jaccard distances side by side."""
    fig, axes = new_figure(1, 3, size=(16.0, 4.5))
    ax = axes[0, 0]
    both = whole[whole["presence"] == "both"]
    ax.loglog(both["first"], both["second"], ".", ms=3, alpha=0.5, label="in both")
    for name, col in (("herm only", "first"), ("male only", "second")):
        rows = whole[whole["presence"] == ("first_only" if col == "first" else "second_only")]
        xs = rows[col] if col == "first" else np.full(len(rows), 0.5)
        ys = rows[col] if col == "second" else np.full(len(rows), 0.5)
        ax.plot(xs, ys, "|" if col == "first" else "_", ms=6, alpha=0.4, label=name)
    ax.set(xlabel="hermaphrodite weight (EM sections)", ylabel="male weight (EM sections)",
           title="shared neurons: connection weights")  # fmt: skip
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    ax.bar(typed["neuron_type"], typed["shared"])
    ax.set(ylabel="connections both sexes have", title="by presynaptic type", ylim=(0, 1))
    ax = axes[0, 2]
    ax.barh(range(len(table)), table["jaccard_distance"])
    ax.set_yticks(range(len(table)), table["comparison"], fontsize=7)
    ax.set(xlabel="Jaccard distance of the connection sets", xlim=(0, 1),
           title="how different, against baselines")  # fmt: skip
    return fig
