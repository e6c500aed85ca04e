"""Analysis of recorded runs: dynamics, spectra, connectivity (filled in by later models)."""
