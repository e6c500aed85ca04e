"""The models package: one name per module, doctests, discovery of its subpackages."""

import doctest
import importlib
import pkgutil
import sys
import textwrap
from pathlib import Path

import pytest

import neuroagents.models
from neuroagents.cli import commands as cli
from neuroagents.errors import ConfigError
from neuroagents.runner.experiment import available_models, load_config

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(neuroagents.models.__path__, "neuroagents.models.")
)


def test_every_system_is_found():
    assert {"neuroagents.models.hopfield", "neuroagents.models.ei"} <= set(MODULES)
    assert "neuroagents.models.learning.evolution" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = []
    for test in finder.find(module, name):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_no_module_is_imported_as_bare_models():
    # Runs after collection: the models' doctests and every test module are imported.
    for name in MODULES:
        importlib.import_module(name)
    bare = sorted(k for k in sys.modules if k == "models" or k.startswith("models."))
    assert bare == []
    files: dict[str, str] = {}
    for key, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if "models" in Path(path).parts and key.startswith("neuroagents.models"):
            assert path not in files, f"{path} imported as {files[path]} and as {key}"
            files[path] = key


def test_models_are_the_subpackages_with_experiments():
    models = available_models()
    assert {"boltzmann", "ei", "hopfield", "hopfield_tank", "learning", "rate"} <= set(models)
    assert {"connectome"} <= set(models)
    assert {"motor"} <= set(models)
    assert {"feedback_sparsity", "binary_units", "adversarial", "scaling"} <= set(
        models["questions"].experiments
    )
    assert {"vs_signsgd", "feedback_alignment"} <= set(models["learning"].experiments)
    assert {"asymmetry"} <= set(models["questions"].experiments)
    for name, entry in models.items():
        package = importlib.import_module(f"neuroagents.models.{name}")
        assert entry.experiments == package.EXPERIMENTS
        assert entry.description == package.__doc__.strip().splitlines()[0]
        assert set(package.__all__) <= set(dir(package))


def test_a_new_system_is_one_folder(tmp_path, monkeypatch):
    package = tmp_path / "toy"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            '''
            """A toy system: one experiment."""
            from neuroagents.runner.experiment import Experiment, ExperimentResult, Param
            import pandas as pd

            def _run(params, rng):
                return ExperimentResult(pd.DataFrame({"x": [params["x"]]}), "toy")

            EXPERIMENTS = {"once": Experiment("once", "one row", {"x": Param(1, "x")}, _run)}
            '''
        )
    )
    monkeypatch.setattr(
        neuroagents.models, "__path__", [*neuroagents.models.__path__, str(tmp_path)]
    )
    try:
        assert available_models()["toy"].description == "A toy system: one experiment."
        config = tmp_path / "toy.toml"
        config.write_text('model = "toy"\nexperiment = "once"\n[params]\nx = 3\n')
        assert load_config(config).params == {"x": 3}
    finally:
        sys.modules.pop("neuroagents.models.toy", None)


@pytest.mark.parametrize("old", ["evolution", "plausible_learning"])
def test_an_old_model_name_is_refused_with_the_new_one(tmp_path, capsys, old):
    config = tmp_path / "old.toml"
    config.write_text(f'model = "{old}"\nexperiment = "vs_signsgd"\n')
    with pytest.raises(ConfigError, match='model = "learning"'):
        load_config(config)
    assert cli.main(["run", str(config), "--out", str(tmp_path / "o")]) == 2
    assert "'learning'" in capsys.readouterr().err
