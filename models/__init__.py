"""The neural systems of the lecture, one module each (installed as ``neuroagents.models``).

Modules:
    hopfield: Hopfield nets: Hebbian storage, retrieval, energy, capacity.
    hopfield_experiments: the lecture's Hopfield claims measured against theory.
    ei: E-I balanced populations: event-driven agents beside the mean-field ODE.
    feedforward: layered sigmoid nets built on builders.layered, batched forward passes.
    learning_tasks: teacher-student regression, sparse parity, 8x8 digits; minibatches.
    evolution: NNevolution (allele fitness, p_A <- p_A (1 + eps f(A))) against signSGD.
    plausible_learning: backprop, signSGD, feedback alignment, and their diagnostics.
"""
