"""The browser view: watch and steer the models live with Mesa's SolaraViz.

``neuroagents view hopfield`` (or ``ei``, ``network``, ``rate``, ``hopfield_tank``,
``boltzmann``, ``motor``, or a run config) serves a page in the browser: the model's
state and its reporters as live plots, with Step, Play and Reset and a control for each
knob. It needs the optional extra ``neuroagents[viz]`` (pinned Solara, see
pyproject.toml); the core library never imports it.

Modules:
    registry: the pages by name (``register_page``); no Solara import.
    config: what ``neuroagents view SPEC`` opens (a page name or a TOML config), and
        which run configs are refused.
    components: plots with captions, the cached graph layout, the network drawing.
    network: the page for any NeuralModel on a connectome.
    app: the module ``solara run`` serves.

The systems' pages live with the systems: ``models/<system>/view.py`` (``hopfield``,
``ei``, ``rate``, ``hopfield_tank``, ``boltzmann``, ``motor``), each a model class the
controls rebuild, the plot components, and ``page``. Adding a page for a system: write
its ``view.py`` with a ``page(params)`` function returning a Solara element (usually
``SolaraViz``) and a docstring whose first line describes the page; the registry finds
it (nothing in the core lists the systems). A page outside ``neuroagents.models``
registers with :func:`register_page`. The old paths ``neuroagents.viz.<system>`` still
import, with a DeprecationWarning, for one release.
"""

from __future__ import annotations

from neuroagents.viz.registry import PAGES, PageEntry, page_entry, register_page

# The systems' pages moved to the systems; their old paths are aliased by name in
# neuroagents._moved (the core imports no system).

__all__ = ["PAGES", "PageEntry", "page_entry", "register_page"]
