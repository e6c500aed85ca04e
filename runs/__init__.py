"""The experiment configs (TOML) that ship with neuroagents, as ``neuroagents.runs``.

``neuroagents run NAME`` reads ``NAME.toml`` from here (see
:func:`neuroagents.runner.config_names.find_config`). The repo's ``runs/*.toml`` are these very
files; the outputs that land in ``runs/<name>/`` are neither tracked nor packaged.
"""
