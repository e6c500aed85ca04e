"""Worms: C. elegans connectomes across individuals, development and sex."""
