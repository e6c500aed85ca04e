"""Scripts that run one network in a peer simulator (NEST, Brian2), each in its own process.

Modules:
    nest_worker: the network in NEST 3 (``iaf_psc_delta``, ``iaf_psc_delta_ps``,
        ``iaf_psc_exp``), 1 or more threads.
    brian2_worker: the network in Brian2 2.10 (numpy, Cython or ``cpp_standalone``).

Each is run as ``python <script> OUT.npz`` with a job (JSON) on stdin, written by
:func:`neuroagents.models.spiking.peers.run_peer`; importing them imports neither peer.
NEST crashed in ``ResetKernel`` beside other libraries' threads in one process
(tests/sim/spiking/nest_worker.py), and Brian2 changes global preferences and devices:
a process of their own keeps both out of the caller's.
"""
