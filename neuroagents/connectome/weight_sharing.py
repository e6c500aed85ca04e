"""Copy-on-write weights: connectomes that share arrays until one of them is edited.

Pieces:
    share: another Connectome object on the same weight arrays (no copy).
    own_storage: called before any in-place weight edit; copies the arrays first if
        another live Connectome still shares them, or they are the caller's array.
    copy_storage: a Connectome's weight arrays, copied (the symmetric CSR kept shared
        between its two directions).

Policy (why copy-on-write): every model builds on its own Connectome object, which
shares the caller's weight arrays. Models that only read weights (most runs, every
sweep point built from one cached connectome) cost no copy, however large the
connectome; the first ``update_weights`` through a model (or on the caller's
Connectome itself) copies the arrays for that holder only, so an edit through one
model can never change another model's inputs or the connectome a sweep reuses.
Sharing is tracked by a weak set of the holders: a holder that was garbage-collected
no longer forces a copy. A dense matrix the caller passed in (float of the stored
dtype, kept without a copy) is "borrowed": the first edit copies it too, so
``update_weights`` never writes into the caller's numpy array.
"""

from __future__ import annotations

import copy
import weakref
from typing import TYPE_CHECKING

import scipy.sparse as sp

if TYPE_CHECKING:
    from neuroagents.connectome import Connectome

__all__ = ["copy_storage", "own_storage", "share"]


def share(c: Connectome) -> Connectome:
    """A new Connectome object on ``c``'s weight arrays (ids and attributes shared too).

    Its node attribute and graph attribute dicts are its own, so adding an attribute
    to one holder does not add it to the other.
    """
    other = copy.copy(c)
    other.node_attrs = dict(c.node_attrs)
    other.graph_attrs = dict(c.graph_attrs)
    c._sharers.add(other)  # the same weak set: both see the other
    return other


def own_storage(c: Connectome) -> None:
    """Make ``c``'s weight arrays its own before an in-place edit (copy if shared)."""
    if len(c._sharers) <= 1 and not c._borrowed:
        return
    c._sharers.discard(c)
    copy_storage(c)


def copy_storage(c: Connectome) -> None:
    """Give ``c`` copies of its weight arrays and a sharer set of its own."""
    if c._dense_out is not None:
        c._dense_out = c._dense_out.copy()
    else:
        symmetric_pair = c._out is c._in
        c._in = sp.csr_array(c._in, copy=True)
        c._out = c._in if symmetric_pair else sp.csr_array(c._out, copy=True)
    c._sharers = weakref.WeakSet([c])
    c._borrowed = False
