"""What the headless page tests share: render a page in an AppLayout, read what it shows."""

import re

import pytest

solara = pytest.importorskip("solara")
ipyvuetify = pytest.importorskip("ipyvuetify")
ipywidgets = pytest.importorskip("ipywidgets")


def render(page_function, params=None):
    @solara.component
    def Page():
        with solara.AppLayout():  # without it the sidebar (the controls) is not rendered
            page_function(params or {})

    _, rc = solara.render(Page(), handle_error=False)
    return rc


def captions(rc):
    return [w.children[0] for w in rc.find(ipyvuetify.Html, class_="na-caption").widgets]


def images(rc):
    return [w.value for w in rc.find(ipywidgets.Image).widgets]


def shown_time(rc):
    texts = [w.children[0] for w in rc.find(ipyvuetify.Html, tag="span").widgets
             if w.children and str(w.children[0]).startswith("Time: ")]  # fmt: skip
    assert len(texts) == 1, texts
    return float(texts[0].removeprefix("Time: "))


def click(rc, label):
    rc.find(ipyvuetify.Btn, children=[label]).widget.click()


def number(pattern, text):
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return float(match.group(1))
