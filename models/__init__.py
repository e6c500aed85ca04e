"""The neural systems of the lecture, one module each (installed as ``neuroagents.models``).

A module ``<name>_experiments`` adds its experiments to model ``<name>``: the model file
keeps to the system, the experiment plumbing sits beside it.

Modules:
    hopfield: Hopfield nets: Hebbian storage, retrieval, energy, capacity.
    hopfield_experiments: the lecture's Hopfield claims measured against theory.
    ei: E-I balanced populations: event-driven agents on G(n, p), re-exporting the mean field.
    ei_params: the E-I wiring presets (Connectivity) and shared parameters (EIParams).
    ei_mean_field: the E-I mean-field ODE: fixed points, nullclines, Hopf point, linear noise.
    ei_experiments: the lecture's E-I claim, agents against mean field, phase diagrams.
    feedforward: layered sigmoid nets built on builders.layered, batched forward passes.
    learning_tasks: teacher-student regression, sparse parity, 8x8 digits; minibatches.
    evolution: NNevolution (allele fitness, p_A <- p_A (1 + eps f(A))) and allele schemes.
    evolution_experiments: NNevolution against SGD, signSGD and feedback alignment.
    plausible_learning: backprop, signSGD, feedback alignment, and their diagnostics.
    plausible_learning_experiments: feedback alignment's angles over training.
"""
