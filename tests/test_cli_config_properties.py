"""Property test: any config built from a shipped one by mutating keys and values is either
accepted or refused in one line with exit status 2, never exit 3, a crash or a traceback.

The mutations: wrong types, NaN and infinities, huge integers (beyond 64 bits), lists,
nested tables, empty values, unknown keys at the top level and in [params], deleted
keys. The experiments themselves are replaced by an instant stand-in (a full run of a
random config could take hours); what is tested is everything ``neuroagents run`` does
before and after: reading, shape and parameter checks, connectome specs, the output
directory. Size: 120 examples (about 25 s on a busy 2-core machine); about 5% are
accepted, the rest refused at every stage (TOML, shape, model, parameters, files).
"""

import dataclasses
import json
import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from neuroagents.cli import commands as cli
from neuroagents.runner.experiment import ExperimentResult, load_config

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {p.stem: tomllib.loads(p.read_text()) for p in sorted((ROOT / "runs").glob("*.toml"))}
EXPERIMENT_CONFIGS = {k: v for k, v in SHIPPED.items() if "model" in v}

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2**31, 2**63 - 1, 2**63, 2**64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -0.0, 1e308, 5e-324]),
    text,
    st.sampled_from(["", "celegans", "hopfield", "retrieval", "serial", "../x.npz"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=3)),
    max_leaves=6,
)


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes, minus its surrogate pairs, plus DEL)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_string(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def to_toml(config: dict) -> str:
    """A config (top-level keys and tables) as TOML text; other values inline."""
    lines, tables = [], []
    for key, value in config.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{_string(key)} = {_toml_value(value)}")
    for key, table in tables:
        lines.append(f"[{_string(key)}]")
        lines += [f"{_string(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


@st.composite
def mutated_configs(draw) -> dict:
    name = draw(st.sampled_from(sorted(EXPERIMENT_CONFIGS)))
    config = json.loads(json.dumps(EXPERIMENT_CONFIGS[name], allow_nan=True))
    config.setdefault("params", {})
    for _ in range(draw(st.integers(1, 3))):
        params = config.get("params")
        where = draw(st.sampled_from(["top", "param", "param", "param", "new param", "delete"]))
        if where == "top":
            key = draw(st.sampled_from(["model", "experiment", "seed", "description",
                                        "params", "colour"]))  # fmt: skip
            config[key] = draw(values)
        elif isinstance(params, dict) and params and where in ("param", "delete"):
            key = draw(st.sampled_from(sorted(params)))
            if where == "delete":
                del params[key]
            else:
                params[key] = draw(values)
        elif isinstance(params, dict):
            params[draw(text.filter(bool))] = draw(values)
    return config


def test_the_toml_writer_round_trips():
    config = {
        "a": [1, 2.5, "x\x7f\U0001f600\n", {"b": True}],
        "params": {"n": 3, "t": {"u": -math.inf}},
    }
    assert tomllib.loads(to_toml(config)) == config


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=mutated_configs())
def test_any_mutated_config_is_run_or_refused_in_one_line(tmp_path_factory, config):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "c.toml"
    path.write_text(to_toml(config), encoding="utf-8")

    def instant(params, rng):
        return ExperimentResult(pd.DataFrame({"x": [0.0]}), "ok")

    def fast_load(*args, **kwargs):
        loaded = load_config(*args, **kwargs)
        # The stand-in table has none of the experiment's columns: no headline numbers.
        experiment = dataclasses.replace(loaded.experiment, run=instant, headlines=None)
        return dataclasses.replace(loaded, experiment=experiment)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "load_config", fast_load)
        with _captured() as (_out, err):
            status = cli.main(["run", str(path), "--out", str(folder / "out")])
    event(f"exit {status}")  # pytest --hypothesis-show-statistics shows the mix
    assert status in (0, 2), (to_toml(config), err.getvalue())
    if status == 2:
        message = err.getvalue()
        assert message.count("\n") == 1 and message.startswith("neuroagents: error: "), message
        assert "Traceback" not in message and len(message) < 1000, message


def _captured():
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()

    @contextlib.contextmanager
    def both():
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, err

    return both()
