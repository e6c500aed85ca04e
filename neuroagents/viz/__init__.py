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
    hopfield, ei, network, rate, hopfield_tank, boltzmann, motor: one page each (a
        model class the controls rebuild, the plot components, and ``page``).
    app: the module ``solara run`` serves.

Adding a page for a system: write ``models/<system>/view.py`` with a ``page(params)``
function returning a Solara element (usually ``SolaraViz``); the registry finds it
(:func:`~neuroagents.viz.registry.discover_system_pages`), named after the system and
described by its docstring's first line. The core never imports a system, so a page
that does belongs with its system (the five model pages still here are moving there).
Any other page: ``register_page("<name>", "package.module:page", "one line")``.
"""

from __future__ import annotations

from neuroagents.viz.registry import PAGES, PageEntry, page_entry, register_page

__all__ = ["PAGES", "PageEntry", "page_entry", "register_page"]
