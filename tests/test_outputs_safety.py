"""`neuroagents run --out DIR` never loses a user's file (issue 22, "Data loss").

A run replaces only what an earlier run of neuroagents wrote into DIR; anything else is
refused, or kept with --overwrite; the current, home, project-root and config folders are
never output directories. Most tests run a stand-in experiment (instant) through the real
command line; one runs the shipped demo.
"""

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.errors import ConfigError
from neuroagents.runner.experiment import ExperimentResult, load_config
from neuroagents.runner.outputs import owned_files, replace_directory, replace_outputs

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "runs" / "hopfield_demo.toml"


@pytest.fixture
def instant(monkeypatch):
    """Make every experiment instant: a one-row table and one figure named by the seed."""

    def run(params, rng):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure = plt.figure()
        return ExperimentResult(pd.DataFrame({"x": [float(rng.random())]}), "done",
                                figures={"fig": figure})  # fmt: skip

    def fast_load(*args, **kwargs):
        config = load_config(*args, **kwargs)
        return dataclasses.replace(
            config, experiment=dataclasses.replace(config.experiment, run=run, headlines=None)
        )

    monkeypatch.setattr(cli, "load_config", fast_load)


def _config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.toml"
    shutil.copy(DEMO, path)
    return path


def _run(*args: str) -> int:
    return cli.main(["run", *map(str, args)])


def _refused(capsys, *words: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


def test_a_users_file_survives_and_the_run_is_refused(tmp_path, capsys):
    # The demo itself, end to end: today's main deletes thesis.txt with exit 0.
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    assert _run(DEMO, "--quick", "--out", out) == 2
    _refused(capsys, "thesis.txt", "--overwrite", "another --out")
    assert (out / "thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.txt"]


def test_overwrite_keeps_foreign_files_and_replaces_only_the_tools_own(tmp_path, instant):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    (out / "data").mkdir()
    (out / "data" / "raw.csv").write_text("1,2\n")
    config = _config(tmp_path / "cfg")
    assert _run(config, "--out", out, "--overwrite", "--seed", "1") == 0
    first = json.loads((out / "meta.json").read_text())
    assert first["seed"] == 1 and first["written_by"] == "neuroagents"
    assert _run(config, "--out", out, "--overwrite", "--seed", "2") == 0
    assert json.loads((out / "meta.json").read_text())["seed"] == 2
    assert (out / "thesis.txt").read_text() == "years of work"
    assert (out / "data" / "raw.csv").read_text() == "1,2\n"
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "data", "fig.png", "meta.json", "results.parquet", "summary.json", "thesis.txt"
    ]  # fmt: skip


def test_overwrite_never_replaces_a_foreign_file_with_an_outputs_name(tmp_path, instant, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "meta.json").write_text('{"mine": true}')
    (out / "notes.txt").write_text("x")
    assert _run(_config(tmp_path / "cfg"), "--out", out, "--overwrite") == 2
    _refused(capsys, "meta.json")
    (out / "meta.json").rename(out / "mine.json")
    (out / "results.parquet").write_text("mine too")  # found only once the run has written
    assert _run(_config(tmp_path / "cfg"), "--out", out, "--overwrite") == 2
    _refused(capsys, "results.parquet")
    assert (out / "results.parquet").read_text() == "mine too"
    (out / "mine.json").rename(out / "meta.json")
    assert (out / "meta.json").read_text() == '{"mine": true}'
    assert sorted(p.name for p in out.iterdir()) == ["meta.json", "notes.txt", "results.parquet"]


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_the_current_directory_is_never_replaced(tmp_path, monkeypatch, capsys, overwrite):
    work = tmp_path / "work"
    config = _config(tmp_path / "cfg")
    work.mkdir()
    (work / "keep.txt").write_text("k")
    monkeypatch.chdir(work)
    assert _run(config, "--quick", "--out", ".", *overwrite) == 2
    _refused(capsys, "current directory")
    assert _run(config, "--quick", "--out", "..", *overwrite) == 2
    _refused(capsys, "contains the current directory")
    assert (work / "keep.txt").exists() and (tmp_path / "cfg" / "demo.toml").exists()


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_the_home_directory_is_never_replaced(tmp_path, monkeypatch, capsys, overwrite):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("x")
    monkeypatch.setenv("HOME", str(home))
    config = _config(tmp_path / "cfg")
    assert _run(config, "--quick", "--out", home, *overwrite) == 2
    _refused(capsys, "home directory")
    assert (home / ".bashrc").exists()


@pytest.mark.parametrize("marker", ["pyproject.toml", ".git"])
def test_a_project_root_is_never_replaced(tmp_path, capsys, marker):
    project = tmp_path / "project"
    (project / marker).mkdir(parents=True) if marker == ".git" else None
    if marker == "pyproject.toml":
        project.mkdir()
        (project / marker).write_text("[project]\n")
    assert _run(_config(tmp_path / "cfg"), "--quick", "--out", project, "--overwrite") == 2
    _refused(capsys, "project's root", marker)
    assert (project / marker).exists()


def test_the_repository_itself_is_never_replaced(capsys):
    assert _run(DEMO, "--quick", "--out", ROOT, "--overwrite") == 2
    _refused(capsys)
    assert (ROOT / "pyproject.toml").exists()


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_the_configs_folder_and_its_parents_are_never_replaced(tmp_path, capsys, overwrite):
    config = _config(tmp_path / "project" / "runs")
    assert _run(config, "--quick", "--out", config.parent, *overwrite) == 2
    _refused(capsys, "config's own folder")
    assert _run(config, "--quick", "--out", tmp_path / "project", *overwrite) == 2
    _refused(capsys, "contains the config's own folder")
    assert config.exists()


def test_out_runs_is_refused_and_every_shipped_config_survives(tmp_path, monkeypatch, capsys):
    # Today's main: `--out runs` deletes every shipped config, the one being run included.
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "runs", copy / "runs")
    before = sorted(p.name for p in (copy / "runs").iterdir())
    monkeypatch.chdir(copy)
    assert _run("runs/hopfield_demo.toml", "--quick", "--out", "runs") == 2
    _refused(capsys, "'runs'")
    assert sorted(p.name for p in (copy / "runs").iterdir()) == before


def test_earlier_tool_outputs_are_replaced_and_an_empty_dir_is_fine(tmp_path, instant):
    config = _config(tmp_path / "cfg")
    out = tmp_path / "out"
    out.mkdir()
    assert _run(config, "--out", out, "--seed", "3") == 0  # empty directory
    assert json.loads((out / "meta.json").read_text())["seed"] == 3
    (out / "old-figure.png").write_bytes(b"png")  # an output an older run wrote
    meta = json.loads((out / "meta.json").read_text())
    meta["files"].append("old-figure.png")
    (out / "meta.json").write_text(json.dumps(meta))
    assert _run(config, "--out", out, "--seed", "4") == 0
    assert json.loads((out / "meta.json").read_text())["seed"] == 4
    assert sorted(p.name for p in out.iterdir()) == [
        "fig.png", "meta.json", "results.parquet", "summary.json"
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cfg", "out"]  # nothing left over


def test_outputs_of_a_version_without_the_mark_count_as_the_tools(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.parquet").write_bytes(b"x")
    old = {"model": "hopfield", "files": ["results.parquet", "meta.json"],
           "packages": {"neuroagents": "0.1"}}  # fmt: skip
    (out / "meta.json").write_text(json.dumps(old))
    assert owned_files(out) == {"results.parquet", "meta.json"}
    (out / "meta.json").write_text(json.dumps({**old, "files": ["../../etc/passwd"]}))
    assert owned_files(out) is None  # a manifest naming paths outside is not trusted


def _write(text: str, extra: str | None = None):
    def write(d: Path) -> list[str]:
        (d / "a.txt").write_text(text)
        (d / "b.txt").write_text(text)
        if extra:  # the user saves a file into the output directory while the run writes
            (d.parent / "out" / extra).write_text("user")
        (d / "meta.json").write_text('{"written_by": "neuroagents", "files": ["a.txt", "b.txt"]}')
        return ["a.txt", "b.txt"]

    return write


def _write_a(d: Path) -> list[str]:
    (d / "a.txt").write_text("old")
    (d / "meta.json").write_text('{"written_by": "neuroagents", "files": ["a.txt"]}')
    return ["a.txt"]


def test_a_file_saved_during_the_run_is_kept(tmp_path):
    out = tmp_path / "out"
    replace_directory(out, _write_a)
    replace_outputs(out, _write("new", extra="saved-meanwhile.txt"))
    assert (out / "a.txt").read_text() == (out / "b.txt").read_text() == "new"
    assert (out / "saved-meanwhile.txt").read_text() == "user"


def test_a_file_saved_during_the_run_under_a_new_outputs_name_is_not_replaced(tmp_path):
    out = tmp_path / "out"
    replace_directory(out, _write_a)
    with pytest.raises(ConfigError, match=r"b\.txt"):
        replace_outputs(out, _write("new", extra="b.txt"))
    assert (out / "b.txt").read_text() == "user" and (out / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_write_without_the_tools_manifest_is_a_bug_not_a_silent_success(tmp_path):
    with pytest.raises(RuntimeError, match=r"meta\.json"):
        replace_directory(tmp_path / "out", lambda d: (d / "a.txt").write_text("x"))
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ other writers
def _graph_file(folder: Path) -> Path:
    import networkx as nx

    from neuroagents.connectome.files import save_connectome

    path = folder / "w.graphml"
    save_connectome(nx.gnp_random_graph(12, 0.3, seed=1, directed=True), path)
    return path


@pytest.mark.parametrize("suffix", [".npz", ".csv", ".graphml", ".gexf"])
def test_connectome_convert_never_replaces_an_existing_file_unasked(tmp_path, capsys, suffix):
    source = _graph_file(tmp_path)
    target = tmp_path / f"mine{suffix}"
    target.write_text("my own file")
    assert cli.main(["connectome", "convert", str(source), str(target)]) == 2
    _refused(capsys, str(target), "--overwrite")
    assert target.read_text() == "my own file"
    assert cli.main(["connectome", "convert", str(source), str(target), "--overwrite"]) == 0
    from neuroagents.connectome.files import load_connectome

    assert load_connectome(target).n_edges == load_connectome(source).n_edges


def test_connectome_convert_to_csv_respects_an_existing_node_table(tmp_path, capsys):
    source = _graph_file(tmp_path)
    (tmp_path / "out.nodes.csv").write_text("node,colour\n0,red\n")
    assert cli.main(["connectome", "convert", str(source), str(tmp_path / "out.csv")]) == 2
    _refused(capsys, "out.nodes.csv")
    assert not (tmp_path / "out.csv").exists()


def test_a_failed_connectome_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    import networkx as nx

    from neuroagents.connectome.files import save_connectome

    path = _graph_file(tmp_path)
    before = path.read_bytes()

    def broken(g, target):
        Path(target).write_text("<half")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        save_connectome(nx.path_graph(3), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.graphml"]  # no temporary left


def test_connectome_stats_replaces_only_its_own_table(tmp_path, capsys):
    source = _graph_file(tmp_path)
    out = tmp_path / "stats.parquet"
    out.write_text("a user's file")
    args = ["connectome", "stats", str(source), "--nulls", "2", "--out", str(out)]
    assert cli.main(args) == 2
    _refused(capsys, "stats.parquet", "--overwrite")
    assert out.read_text() == "a user's file"
    assert cli.main([*args, "--overwrite"]) == 0
    first = pd.read_parquet(out)
    assert cli.main(args) == 0  # its own table: replaced without --overwrite
    pd.testing.assert_frame_equal(pd.read_parquet(out), first)


def test_a_quarantined_file_never_replaces_an_earlier_one(tmp_path):
    import warnings

    import neuroagents as na

    def trial(params, rng):
        return {"y": params["x"]}

    store = tmp_path / "s"
    na.sweep(trial, grid={"x": [1]}, store=store, progress=False)
    texts = ["first note", "second note"]
    for text in texts:
        (store / "parts" / "notes.txt").write_text(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            na.sweep(trial, grid={"x": [1]}, store=store, progress=False)
    kept = sorted(p.read_text() for p in (store / "quarantine").iterdir())
    assert kept == texts


def test_the_default_quick_folder_follows_the_same_rule(tmp_path, instant, capsys):
    config = _config(tmp_path / "cfg")
    quick = tmp_path / "cfg" / "demo-quick"
    quick.mkdir()
    (quick / "notes.md").write_text("mine")
    assert _run(config, "--quick") == 2
    _refused(capsys, "notes.md")
    assert _run(config, "--quick", "--overwrite") == 0
    assert (quick / "notes.md").read_text() == "mine" and (quick / "results.parquet").exists()


def test_a_linked_output_directory_stays_a_link(tmp_path, instant):
    config = _config(tmp_path / "cfg")
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real)
    for seed in ("1", "2"):
        assert _run(config, "--out", link, "--seed", seed) == 0
    assert link.is_symlink() and json.loads((real / "meta.json").read_text())["seed"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cfg", "link", "real"]
