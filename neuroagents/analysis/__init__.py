"""Analysis of recorded runs.

Modules:
    summary: statistics of sweep tables by parameter (mean, sem, quantiles), tidy tables.
"""

from neuroagents.analysis.summary import summarize, tidy

__all__ = ["summarize", "tidy"]
