"""No page gains a number typed by hand: every decimal or percentage is rendered or allowed.

The scan (``docs/typed_numbers.py``) and its allow-list (``docs/typed_numbers.toml``):
a number a run produced is rendered from its result file; anything else a page types is
listed with a reason and a count, so one more typed number on a page fails here.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


TYPED = _load("typed_numbers")
ALLOW = TYPED.allowed()


@pytest.mark.parametrize("page", TYPED.pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_typed_number_on_a_page_is_allowed_with_a_reason(page):
    name = str(page.relative_to(ROOT))
    over = TYPED.excess(name, page.read_text(), ALLOW.get(name, {}))
    assert not over, (
        f"{name} types numbers by hand (number: lines): {over}. Render a run's number from "
        "its summary (docs/render_numbers.py) or list it in docs/typed_numbers.toml with a "
        "reason (parameter, theory, citation, benchmark, example)"
    )


def test_a_result_typed_into_a_page_is_caught_and_its_rendered_form_is_not():
    page = ROOT / "docs" / "hopfield_tank.md"
    allowance = ALLOW.get("docs/hopfield_tank.md", {})
    text = page.read_text()
    assert not TYPED.excess("docs/hopfield_tank.md", text, allowance)
    typed = text + "\nValid tours: 14.2% ± 1.7%, 1.9037× the optimum.\n"
    over = TYPED.excess("docs/hopfield_tank.md", typed, allowance)
    assert "1.9037" in over and over["1.9037"][-1] == len(typed.splitlines())
    rendered = (
        text + "\nValid tours: <!--= docs/results/x.json | v['valid'] | .1% -->14.2%<!--/=-->, "
        "<!--= docs/results/x.json | v['ratio'] | .4f -->1.9037<!--/=-->× the optimum.\n"
    )
    assert not TYPED.excess("docs/hopfield_tank.md", rendered, allowance)


def test_one_more_copy_of_an_allowed_number_is_caught():
    over = TYPED.excess("p.md", "alpha 0.138 and 0.138", {"0.138": (1, "theory: AGS")})
    assert over == {"0.138": [1, 1]}


def test_code_comments_and_links_are_not_prose():
    text = "```\nx = 0.125\n```\n`--set p=0.3` <!-- 0.4 --> [v](docs/v1.5.md)\nn = 12.5%\n"
    assert TYPED.typed_numbers(text) == [("12.5%", 5)]


def test_an_allow_list_entry_needs_a_count_and_a_known_reason(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "typed_numbers.toml").write_text(
        '["README.md"]\n"0.5" = { count = 1, reason = "it looked fine" }\n'
    )
    with pytest.raises(ValueError, match="reason starting with one of"):
        TYPED.allowed(tmp_path)
    (tmp_path / "docs" / "typed_numbers.toml").write_text(
        '["README.md"]\n"0.5" = { count = 1, reason = "parameter: the noise" }\n'
    )
    assert TYPED.allowed(tmp_path) == {"README.md": {"0.5": (1, "parameter: the noise")}}


@pytest.mark.parametrize("reason", ["pending: typed before the check", "because", ""])
def test_an_allowance_without_a_true_reason_is_refused(tmp_path, reason):
    """Nothing is allowed as "pending": a run's number is rendered, anything else says why."""
    (tmp_path / "docs").mkdir()
    (tmp_path / TYPED.ALLOW_LIST).write_text(
        f'["README.md"]\n"0.5" = {{ count = 1, reason = "{reason}" }}\n'
    )
    with pytest.raises(ValueError, match="reason starting with one of"):
        TYPED.allowed(tmp_path)
