"""Trained feed-forward nets as agents: a LayeredNet run as a NeuralModel.

Pieces:
    to_model: a :class:`~neuroagents.models.learning.feedforward.LayeredNet` as a
        NeuralModel of sigmoid rate neurons (Mesa agents) on its layered connectome.
    agent_forward: the outputs of that model on a batch of inputs, one example at a time.

Training stays vectorised (:mod:`.feedforward`, :mod:`.evolution`, :mod:`.plausible`);
this view is for inspection, recording and reuse in the rest of the library. The
reading of the forward pass ``a_l = σ(W_l a_{l-1} − θ_l)`` as neural dynamics: each unit
is a rate neuron ``tau dv/dt = -v + σ(x - θ)`` and one forward-Euler step with
``dt = tau`` sets ``v = σ(x - θ)`` exactly. The inputs are clamped to the example, and
one synchronous round per layer carries the signal from layer 0 to layer L, so after L
rounds the output neurons hold ``a_L``. Weights are kept as float64, so the outputs
equal the numpy forward pass to rounding (the tests assert 1e-12).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.sim.model import NeuralModel

__all__ = ["agent_forward", "to_model"]


def to_model(net: LayeredNet, *, engine: str = "compiled", **kwargs: Any) -> NeuralModel:
    """The net as a NeuralModel: sigmoid rate neurons, one synchronous round a layer.

    Args:
        net: the (trained) net.
        engine: ``"compiled"`` or ``"agents"`` (every unit's ``update()`` in Python).
        **kwargs: passed on to NeuralModel (e.g. ``agent_reporters``, ``record_every``).

    Examples:
        >>> import numpy as np
        >>> from neuroagents.models import learning
        >>> net = learning.LayeredNet.random([4, 3, 2], rng=0)
        >>> model = learning.to_model(net)
        >>> x = np.random.default_rng(1).random((5, 4))
        >>> bool(np.allclose(learning.agent_forward(model, x), net.forward(x), atol=1e-12))
        True
    """
    kwargs.setdefault("record_every", None)
    model = NeuralModel(
        net.to_connectome(weight_dtype="float64"),
        rule="sigmoid", scheduler="sync", engine=engine, dt=1.0, tau=1.0,
        integrator="euler", **kwargs,
    )  # fmt: skip
    model.layer_sizes = net.sizes
    return model


def agent_forward(model: NeuralModel, x: np.ndarray) -> np.ndarray:
    """Outputs of a model made by :func:`to_model` for inputs ``x`` of shape ``(B, n_0)``.

    For each example: reset the units to 0, clamp the input layer to it, run one
    synchronous round per layer, read the output layer.
    """
    sizes = getattr(model, "layer_sizes", None)
    if sizes is None:
        raise ValidationError("agent_forward needs a model made by learning.to_model.")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != sizes[0]:
        raise ValidationError(
            f"The 'x' parameter of agent_forward must have shape (B, {sizes[0]}). Got {x.shape}."
        )
    inputs = [(0, u) for u in range(sizes[0])]
    first_output = model.n - sizes[-1]
    out = np.empty((x.shape[0], sizes[-1]))
    for b, example in enumerate(x):
        model.unclamp()
        model.set_state(np.zeros(model.n))
        model.clamp(inputs, example)
        model.run_for(len(sizes) - 1)
        out[b] = model.state[first_output:]
    return out
