"""The simulation core: neuron types and the engines that run them (spiking: ``sim.spiking``)."""
