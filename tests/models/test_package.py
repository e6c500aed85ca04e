"""The models package: one name per module, doctests, discovery of its subpackages."""

import doctest
import importlib
import pkgutil
import subprocess
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


SYSTEMS = {"boltzmann", "celegans", "ei", "hopfield", "hopfield_tank", "learning", "motor", "rate"}
SYSTEMS |= {"spiking", "worms"}


def test_models_are_the_subpackages_with_experiments():
    models = available_models()
    assert set(models) == SYSTEMS  # questions and connectome are no longer systems
    assert {"feedback_sparsity", "binary_units", "adversarial", "scaling"} <= set(
        models["learning"].experiments
    )
    assert {"vs_signsgd", "feedback_alignment"} <= set(models["learning"].experiments)
    assert {"asymmetry", "pruning", "pruning_size"} <= set(models["hopfield"].experiments)
    assert set(models["celegans"].experiments) == {"celegans", "hopfield"}
    for name, entry in models.items():
        package = importlib.import_module(f"neuroagents.models.{name}")
        experiments = importlib.import_module(f"neuroagents.models.{name}.experiments")
        assert entry.experiments == experiments.EXPERIMENTS
        assert entry.description == package.__doc__.strip().splitlines()[0]
        assert set(package.__all__) <= set(dir(package))
        for public in package.__all__:  # every library name resolves
            getattr(package, public)


def test_listing_the_systems_imports_no_experiments():
    code = (
        "import sys\n"
        "from neuroagents.runner.experiment import available_models\n"
        "models = available_models()\n"
        "assert len(models) == 10, models\n"
        "bad = [m for m in sys.modules if '.experiments' in m or 'matplotlib' in m]\n"
        "assert not bad, bad\n"
        "models['rate'].experiments\n"
        "loaded = {m.split('.')[2] for m in sys.modules if m.endswith('.experiments')}\n"
        "assert loaded == {'rate'}, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=600)


@pytest.mark.parametrize(
    ("old", "experiment", "new"),
    [
        ("questions", "asymmetry", "hopfield"),
        ("questions", "scaling", "learning"),
        ("connectome", "pruning", "hopfield"),
        ("connectome", "celegans", "celegans"),
    ],
)
def test_an_old_collection_name_still_runs_with_a_note(tmp_path, old, experiment, new):
    config = tmp_path / "old.toml"
    config.write_text(f'model = "{old}"\nexperiment = "{experiment}"\n')
    with pytest.warns(FutureWarning, match=f'model = "{new}"'):
        loaded = load_config(config)
    assert loaded.model == new
    assert loaded.experiment is available_models()[new].experiments[experiment]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("questions.asymmetry", "hopfield.asymmetry"),
        ("questions.feedback", "learning.experiments.feedback_sparsity"),
        ("connectome.theory_pruning", "hopfield.pruning"),
        ("connectome.experiments_celegans", "celegans.experiments.celegans"),
        ("learning.experiments_evolution", "learning.experiments.evolution"),
    ],
)
def test_old_module_paths_are_the_new_modules_with_a_warning(old, new):
    old, new = f"neuroagents.models.{old}", f"neuroagents.models.{new}"
    code = (
        "import importlib, warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        f"    old = importlib.import_module({old!r})\n"
        f"assert old is importlib.import_module({new!r})\n"
        f"assert old.__spec__.name == {new!r}\n"
        "assert any(issubclass(w.category, DeprecationWarning) for w in caught)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=600)


def test_an_experiment_name_once_on_the_package_warns_and_resolves():
    from neuroagents.models import hopfield
    from neuroagents.models.hopfield.experiments.capacity import capacity_trial

    with pytest.warns(DeprecationWarning, match="experiments.capacity"):
        assert hopfield.capacity_trial is capacity_trial


def test_a_new_system_is_one_folder(tmp_path, monkeypatch):
    package = tmp_path / "toy"
    package.mkdir()
    (package / "__init__.py").write_text('"""A toy system: one experiment."""\n')
    (package / "experiments.py").write_text(
        textwrap.dedent(
            '''
            """The toy's experiment."""
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
        assert load_config(config).params.to_config() == {"x": 3}
    finally:
        sys.modules.pop("neuroagents.models.toy", None)
        sys.modules.pop("neuroagents.models.toy.experiments", None)


@pytest.mark.parametrize("old", ["evolution", "plausible_learning"])
def test_an_old_model_name_is_refused_with_the_new_one(tmp_path, capsys, old):
    config = tmp_path / "old.toml"
    config.write_text(f'model = "{old}"\nexperiment = "vs_signsgd"\n')
    with pytest.raises(ConfigError, match='model = "learning"'):
        load_config(config)
    assert cli.main(["run", str(config), "--out", str(tmp_path / "o")]) == 2
    assert "'learning'" in capsys.readouterr().err
