"""The runner: named experiments run from TOML configs, and their outputs.

Modules:
    experiment: :class:`~neuroagents.runner.experiment.Experiment`, ``Param``, the
        experiment's params dataclass, configs (``load_config``, ``find_config``), the
        models' experiments.
    tail: the one experiment tail: an experiment's tables, summary and figure drawers
        -> the figures drawn, the run timed, the files written (``run_experiment``,
        ``write_outputs``).
    config_connectome: the wiring a config names (a shipped name or a file), as a
        ``Param`` that checks it.
    outputs: replacing an output folder without ever deleting what the tool did not write.
"""
