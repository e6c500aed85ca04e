"""The runner: named experiments run from TOML configs, and their outputs.

Modules:
    experiment: :class:`~neuroagents.runner.experiment.Experiment`, ``Param``, configs
        (``load_config``, ``find_config``), the models' experiments, ``write_outputs``.
    config_connectome: the wiring a config names (a shipped name or a file), as a
        ``Param`` that checks it.
    outputs: replacing an output folder without ever deleting what the tool did not write.
"""
