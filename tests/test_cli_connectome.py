"""``neuroagents connectome stats | convert``: tables written, mistakes exit 2 in one line."""

import networkx as nx
import pandas as pd

from neuroagents.analysis.connectome import reciprocity
from neuroagents.analysis.random_graphs import reciprocal_digraph
from neuroagents.cli import commands as cli
from neuroagents.connectome.files import load_connectome, save_connectome


def test_stats_writes_the_table(tmp_path, capsys):
    g = reciprocal_digraph(40, 0.15, 0.5, rng=0)
    path = save_connectome(g, tmp_path / "g.graphml")
    out = tmp_path / "stats.parquet"
    assert cli.main(["connectome", "stats", str(path), "--nulls", "4", "--out", str(out)]) == 0
    table = pd.read_parquet(out)
    row = table.query("statistic == 'reciprocity' and null == 'rewired'")
    assert row["observed"].item() == reciprocity(g)
    assert "triad_300" in set(table["statistic"])
    assert "reciprocity" in capsys.readouterr().out


def test_convert_between_formats(tmp_path):
    target = tmp_path / "worm.csv"
    assert cli.main(["connectome", "convert", "celegans:gap", str(target)]) == 0
    again = load_connectome(target)
    assert again.n_nodes == 279
    assert (again.to_dense() == load_connectome("celegans:gap").to_dense()).all()
    assert (tmp_path / "worm.nodes.csv").exists()
    assert cli.main(["connectome", "convert", str(target), str(tmp_path / "w.npz")]) == 0
    assert nx.is_isomorphic(load_connectome(tmp_path / "w.npz").to_networkx(),
                            again.to_networkx())  # fmt: skip


def test_user_mistakes_exit_2_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.gexf"
    bad.write_text("<gexf")
    assert cli.main(["connectome", "stats", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    assert cli.main(["connectome", "stats", "celegans", "--nulls", "1"]) == 2
    assert "--nulls must be an integer >= 2" in capsys.readouterr().err
    assert cli.main(["connectome", "convert", "celegans", str(tmp_path / "x.txt")]) == 2
