"""The individual worms (Witvliet 2021, Cook 2019): counts against cect 0.3.5, names, loaders.

The ``cect_*`` numbers in each file were computed by
``neuroagents.datasets.regenerate_individuals`` straight from cect 0.3.5's connection
lists (gap junctions listed from both sides, a neuron with itself once); the loaders
build their tables from the stored arrays, so these tests check the two against each
other, plus a few numbers read off cect 0.3.5 by hand when the files were written.
"""

from importlib import resources

import networkx as nx
import pytest

from neuroagents import datasets
from neuroagents.connectome.files import NAMED, load_connectome
from neuroagents.datasets import individuals
from neuroagents.errors import ValidationError

CECT_ANIMALS = [a for a in individuals.ANIMALS if a != "varshney2011"]
# (neurons, chemical connections, chemical weight) as cect 0.3.5's readers give them.
CECT_035 = {
    "witvliet1": (161, 675, 1152),
    "witvliet4": (168, 1011, 2521),
    "witvliet8": (180, 1933, 7099),
    "cook2019_herm": (302, 3709, 20965),
    "cook2019_male": (380, 4048, 36979),
}


@pytest.fixture(scope="module")
def table():
    return individuals.animals().set_index("animal")


@pytest.mark.parametrize("animal", CECT_ANIMALS)
def test_counts_match_what_cect_gave(table, animal):
    row = table.loc[animal]
    assert row["cect_version"] == "0.3.5"
    assert row["neurons"] == row["cect_cells"]
    assert row["chemical_connections"] == row["cect_chemical_rows"]
    assert row["chemical_weight"] == row["cect_chemical_total"]
    syn = individuals.synapses(animal)
    gap = syn[syn["kind"] == "electrical"]
    self_pairs = gap["pre"] == gap["post"]
    # cect lists each junction from both sides, a self-junction once
    assert 2 * (~self_pairs).sum() + self_pairs.sum() == row["cect_electrical_rows"]
    both_sides = 2 * gap.loc[~self_pairs, "synapses"].sum() + gap.loc[self_pairs, "synapses"].sum()
    assert both_sides == row["cect_electrical_total"]


@pytest.mark.parametrize(("animal", "counts"), CECT_035.items())
def test_counts_read_off_cect_035(table, animal, counts):
    assert (
        tuple(table.loc[animal, ["neurons", "chemical_connections", "chemical_weight"]]) == counts
    )


def test_stages_sexes_and_units(table):
    assert table.loc[[f"witvliet{k}" for k in range(1, 9)], "stage"].tolist() == [
        "L1", "L1", "L1", "L1", "L2", "L3", "adult", "adult"]  # fmt: skip
    ages = table.loc[[f"witvliet{k}" for k in range(1, 9)], "age_hours"].tolist()
    assert ages == sorted(ages) and ages[0] == 0.0 and ages[-1] == 50.0
    assert table.loc["cook2019_male", "sex"] == "male"
    assert set(table.loc[["cook2019_herm", "cook2019_male"], "unit"]) == {"em_sections"}
    assert set(table.loc[["witvliet1", "varshney2011"], "unit"]) == {"synapses"}


def test_names_are_aligned_across_datasets():
    neurons = {a: set(individuals.animal_graphs(a)[0]) for a in individuals.ANIMALS}
    # every Witvliet neuron and every Varshney neuron is a Cook hermaphrodite neuron
    for k in range(1, 9):
        assert neurons[f"witvliet{k}"] <= neurons["cook2019_herm"]
    assert neurons["varshney2011"] <= neurons["cook2019_herm"]
    assert "VA8" in neurons["cook2019_herm"] and "VA08" not in neurons["cook2019_herm"]
    # the hermaphrodite-specific neurons are not in the male, the rays are not in the herm
    assert {"HSNL", "VC1"} <= neurons["cook2019_herm"] - neurons["cook2019_male"]
    assert "R1AL" in neurons["cook2019_male"] - neurons["cook2019_herm"]


def test_tidy_table_shape_and_electrical_rows_once_per_pair():
    t = datasets.synapses()
    assert list(t.columns) == ["animal", "stage", "pre", "post", "kind", "synapses", "unit"]
    assert set(t["animal"]) == set(individuals.ANIMALS)
    assert (t["synapses"] > 0).all()
    gap = t[t["kind"] == "electrical"]
    assert (gap["pre"] <= gap["post"]).all()
    assert not gap.duplicated(["animal", "pre", "post"]).any()
    assert not t[t["kind"] == "chemical"].duplicated(["animal", "pre", "post"]).any()
    # Varshney's worm through the same table: the shipped file's numbers
    v = individuals.animals().set_index("animal").loc["varshney2011"]
    assert (v["chemical_connections"], v["chemical_weight"], v["electrical_weight"]) == (
        2194, 6394, 890)  # fmt: skip


def test_graphs_and_connectomes_agree_with_the_table():
    chem, gap = individuals.animal_graphs("witvliet5")
    syn = individuals.synapses("witvliet5")
    assert chem.number_of_edges() == (syn["kind"] == "chemical").sum()
    assert gap.number_of_edges() == (syn["kind"] == "electrical").sum()
    row = syn[(syn["kind"] == "chemical")].iloc[0]
    assert chem[row["pre"]][row["post"]]["weight"] == row["synapses"]
    assert chem.nodes["AVAL"]["neuron_class"] == "AVA"
    c = individuals.animal_connectome("witvliet5", "electrical")
    assert c.n_edges == 2 * (gap.number_of_edges() - nx.number_of_selfloops(gap))


@pytest.mark.parametrize("name", [n for n in NAMED if not n.startswith("celegans")])
def test_every_named_worm_loads(name):
    c = load_connectome(name)
    animal = name.partition(":")[0]
    assert c.n_nodes == len(individuals.animal_graphs(animal)[0])
    assert c.directed == (":gap" not in name)


def test_bad_animal_and_kind_are_refused_in_one_line():
    with pytest.raises(ValidationError, match=r"'animal' parameter of synapses .* Got 'witvliet9'"):
        individuals.synapses("witvliet9")
    with pytest.raises(ValidationError, match=r"'kind' parameter .* Got 'gap'"):
        individuals.animal_connectome("witvliet1", "gap")
    with pytest.raises(ValidationError, match="non-empty list"):
        individuals.synapses([])


def test_the_files_ship_small():
    folder = resources.files("neuroagents.datasets")
    sizes = [folder.joinpath(f).stat().st_size for f in individuals.FILES.values()]
    assert len(sizes) == 10 and sum(sizes) < 2_000_000
