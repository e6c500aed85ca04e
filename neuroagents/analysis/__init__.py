"""Analysis of recorded runs.

Modules:
    summary: statistics of sweep tables by parameter (mean, sem, quantiles), tidy tables.
    spectra: power spectra and band power (delta, theta, gamma) of population rates.
    spikes: firing rates, CV of inter-spike intervals, Fano factor, Golomb's synchrony,
        population rate and its spectral peak, from (neuron, time) spike tables.
    dynamics: Jacobians and fixed points of a rate network (NeuralModel).
    vector_fields: a model's or a function's vector field and tangent flow, RK4,
        fixed points with their stability class, nullclines of 2-D systems.
    lyapunov: Lyapunov spectra (Benettin's QR method) of flows and maps, divergence
        of nearby trajectories.
    limit_cycles: limit-cycle detection, period, amplitude, order of activation.
    sparsify: effective resistances and Spielman-Srivastava spectral sparsifiers.
    jpca: jPCA (Churchland et al. 2012): rotations in population trajectories.
    tangling: trajectory tangling Q(t) (Russo et al. 2018), compiled all-pairs maximum.
    random_graphs: Erdős–Rényi and degree-preserving rewiring nulls, and directed
        random graphs with a given reciprocity.
    connectome: reciprocity, the triad census, degrees and small-world statistics of a
        connectome against those nulls, as tables.
    random_walks: walks with restarts, stationary distributions, the Metropolis–Hastings
        uniform sampler, and cycle counts exact and estimated by walks.
"""

from neuroagents.analysis.spectra import BANDS, band_power, power_spectrum
from neuroagents.analysis.summary import summarize, tidy

__all__ = ["BANDS", "band_power", "power_spectrum", "summarize", "tidy"]
