"""The core's shape: subsystems whose imports point one way, and the old paths kept.

- The core (``neuroagents/**``) never imports a model system (``neuroagents.models.X``);
  the runner and the browser view find systems by name, at run time.
- Each subsystem imports only itself and the layers below it (``LAYERS``), at module
  level and inside functions; imports for type checkers only are exempt.
- Every old flat module path still imports, warns with its new path, and is the very
  same module object; the three names that became packages import without a warning.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import neuroagents
from neuroagents._moved import MOVED

PACKAGE = Path(neuroagents.__file__).parent

# Lowest first: a module may import its own layer and those before it, never after.
LAYERS = [
    {"errors", "validation", "messages", "io", "plots", "params", "datasets", "_moved", "__init__"},
    {"connectome"},
    {"analysis"},
    {"sim"},
    {"sweeps"},
    {"runner"},
    {"viz"},
    {"cli"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

# Browser pages that still live in viz/ and import their system; the arch-systems
# branch moves each to models/<system>/view.py (found by neuroagents.viz.registry).
PAGES_AWAITING_MOVE = {"viz/hopfield.py", "viz/ei.py", "viz/hopfield_tank.py"}
PAGES_AWAITING_MOVE |= {"viz/boltzmann.py", "viz/motor.py"}

# Upward imports made inside a function, each with its reason (keep this list short):
# datasets.individuals hands an animal out as a Connectome (animal_connectome), while
# connectome.files reads the shipped datasets; neither imports the other at load time.
LAZY_UPWARD = {("datasets/individuals.py", "neuroagents.connectome")}


def _subsystem(module: str) -> str:
    """``neuroagents.sim.model`` -> ``sim``; ``neuroagents.__version__`` -> ``__init__``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    is_module = (PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").exists()
    return parts[1] if is_module else "__init__"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import that runs, skipping ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            # from neuroagents import sim; from neuroagents.models import hopfield
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def core_modules() -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(path relative to the package, its subsystem, its runtime neuroagents imports)."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        own = "__init__" if rel == "__init__.py" else rel.split("/")[0].removesuffix(".py")
        imports = [
            (line, name)
            for line, name in runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
            if name == "neuroagents" or name.startswith("neuroagents.")
        ]
        out.append((rel, own, imports))
    return out


def _excused(rel: str, name: str) -> bool:
    return any(rel == r and (name == m or name.startswith(m + ".")) for r, m in LAZY_UPWARD)


def violations() -> tuple[list[str], list[str]]:
    """Imports of a model system, and imports pointing up the layers."""
    of_models, upward = [], []
    for rel, own, imports in core_modules():
        for line, name in imports:
            where = f"neuroagents/{rel}:{line} imports {name}"
            if name == "neuroagents.models":
                # The container alone, located to discover the systems by name (the
                # runner's available_models); no system is named in the core's code.
                continue
            if name.startswith("neuroagents.models."):
                if rel not in PAGES_AWAITING_MOVE:
                    of_models.append(where)
                continue
            target = _subsystem(name)
            if target not in RANK or own not in RANK:
                upward.append(f"{where} (a subsystem missing from LAYERS)")
            elif RANK[target] > RANK[own] and not _excused(rel, name):
                upward.append(f"{where} ({own} sits below {target})")
    return of_models, upward


def test_the_core_never_imports_a_model_system():
    of_models, _ = violations()
    assert of_models == []


def test_subsystems_import_only_downward():
    _, upward = violations()
    assert upward == []


def test_the_pages_awaiting_their_move_still_exist_or_are_dropped_from_the_list():
    # Once a page has moved to models/<system>/view.py its exemption must go too.
    for rel in PAGES_AWAITING_MOVE:
        if (PACKAGE / rel).exists():
            imports = dict(core_modules_by_path()[rel])
            assert any(n.startswith("neuroagents.models") for n in imports.values()), rel


def core_modules_by_path() -> dict[str, list[tuple[int, str]]]:
    return {rel: imports for rel, _, imports in core_modules()}


def test_the_check_catches_an_upward_and_a_model_import(tmp_path):
    # The checker itself, on sources whose verdict is known.
    source = (
        "from typing import TYPE_CHECKING\n"
        "from neuroagents.sim.model import NeuralModel\n"
        "if TYPE_CHECKING:\n"
        "    from neuroagents.runner.experiment import Param\n"
        "def f():\n"
        "    from neuroagents.models import hopfield\n"
        "    from neuroagents import sweeps\n"
    )
    names = [name for _, name in runtime_imports(ast.parse(source))]
    assert names == [
        "typing",
        "typing.TYPE_CHECKING",
        "neuroagents.sim.model",
        "neuroagents.sim.model.NeuralModel",
        "neuroagents.models",
        "neuroagents.models.hopfield",
        "neuroagents",
        "neuroagents.sweeps",
    ]
    assert RANK[_subsystem("neuroagents.sweeps")] > RANK["connectome"]
    assert RANK[_subsystem("neuroagents.errors")] < RANK["analysis"]
    assert _subsystem("neuroagents.__version__") == "__init__"


def test_every_subsystem_is_a_package_in_the_folder_list():
    subsystems = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert subsystems == {"analysis", "cli", "connectome", "datasets", "runner", "sim"} | {
        "sweeps",
        "viz",
    }
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat == {
        "__init__",
        "_moved",
        "errors",
        "io",
        "messages",
        "params",
        "plots",
        "validation",
    }


def test_every_old_path_imports_warns_and_is_the_same_module():
    # A fresh interpreter, where no old name is bound yet; one for all (each import of
    # the new modules costs seconds).
    code = (
        "import importlib, json, sys, warnings\n"
        "from neuroagents._moved import MOVED\n"
        "bad = []\n"
        "for old, new in sorted(MOVED.items()):\n"
        "    module = importlib.import_module(new)\n"
        "    with warnings.catch_warnings(record=True) as caught:\n"
        "        warnings.simplefilter('always')\n"
        "        alias = importlib.import_module(old)\n"
        "    said = [str(w.message) for w in caught if w.category is DeprecationWarning]\n"
        "    if alias is not module or len(said) != 1 or new not in said[0]:\n"
        "        bad.append([old, new, said])\n"
        "from neuroagents.rules import Sign\n"
        "from neuroagents.sim.rules import Sign as new_sign\n"
        "assert Sign is new_sign\n"
        "print(json.dumps(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(done.stdout) == []


def test_the_old_names_in_one_process(recwarn):
    # The parametrized test above runs each in its own process; here the alias is
    # checked for identity of objects through the package attribute as well.
    sys.modules.pop("neuroagents.rules", None)
    if "rules" in vars(neuroagents):
        delattr(neuroagents, "rules")
    with pytest.warns(DeprecationWarning, match=r"neuroagents\.sim\.rules"):
        old = importlib.import_module("neuroagents.rules")
    from neuroagents.sim import rules

    assert old is rules and neuroagents.rules is rules


def test_the_names_that_became_packages_need_no_warning():
    code = (
        "import warnings\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "from neuroagents.connectome import Connectome\n"
        "from neuroagents.sweeps import sweep\n"
        "from neuroagents.cli import main\n"
        "assert Connectome.__module__ == 'neuroagents.connectome.connectome'\n"
        "assert callable(sweep) and callable(main)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)


def test_python_dash_m_cli_still_runs():
    done = subprocess.run(
        [sys.executable, "-m", "neuroagents.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith(neuroagents.__version__)


def test_the_table_of_moves_names_real_new_homes_and_no_living_old_file():
    for old, new in MOVED.items():
        assert not (PACKAGE.parent / (old.replace(".", "/") + ".py")).exists(), old
        # a system's module lives in models/ (installed as neuroagents.models)
        path = new.replace("neuroagents.models.", "models.", 1).replace(".", "/") + ".py"
        assert (PACKAGE.parent / path).exists(), new


def test_the_docs_table_of_moves_is_the_table_the_code_uses():
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(
        re.findall(r"^\| `(neuroagents\.[\w.]+)` \| `(neuroagents\.[\w.]+)` \|$", page, re.M)
    )
    assert rows == MOVED


def test_the_excused_upward_imports_stay_inside_functions():
    for rel, module in LAZY_UPWARD:
        tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))
        top = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]
        names = [name for _, name in runtime_imports(ast.Module(body=top, type_ignores=[]))]
        assert not any(n == module or n.startswith(module + ".") for n in names), rel
