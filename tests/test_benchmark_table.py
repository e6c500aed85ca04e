"""The README's benchmark table marks rows whose timed code changed after measuring."""

import ast
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _results(tmp_path: Path, code: dict[str, str] | None) -> Path:
    results = tmp_path / "results"
    results.mkdir()
    data = {"benchmark": "demo", "measured": "2026-12-01", "commit": "abcdef1234",
            "figures": {}, "readme_rows": [["demo case", "1 s", "2 s", "2× faster"]]}  # fmt: skip
    if code is not None:
        data["code"] = code
    (results / "demo.json").write_text(json.dumps(data))
    return results


def _fingerprint(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()[:16]


def test_a_row_is_unmarked_while_its_code_is_unchanged(tmp_path):
    table = _module("readme_table")
    (tmp_path / "kernel.py").write_bytes(b"x = 1\n")
    results = _results(tmp_path, {"kernel.py": _fingerprint(b"x = 1\n")})
    text = table.render(results, root=tmp_path)
    assert "| demo case | 1 s |" in text and "⚠" not in text


def test_a_row_is_marked_when_its_code_changed_or_vanished(tmp_path):
    table = _module("readme_table")
    (tmp_path / "kernel.py").write_bytes(b"x = 2\n")
    results = _results(tmp_path, {"kernel.py": _fingerprint(b"x = 1\n"), "gone.py": "0" * 16})
    text = table.render(results, root=tmp_path)
    assert "| demo case ⚠ | 1 s |" in text
    assert "measured at commit abcdef1" in text and "`kernel.py`, `gone.py` changed" in text


def test_a_row_without_recorded_code_is_marked(tmp_path):
    text = _module("readme_table").render(_results(tmp_path, None), root=tmp_path)
    assert "| demo case ⚠ |" in text and "its code was not recorded" in text


def test_write_results_records_the_commit_and_the_fingerprints(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    sys.modules.pop("_common", None)
    common = _module("_common")
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    path = common.write_results("demo", {"a": 1.0}, [["x", "y", "z", "w"]],
                                code=["benchmarks/_common.py"])  # fmt: skip
    data = json.loads(path.read_text())
    source = (ROOT / "benchmarks" / "_common.py").read_bytes()
    assert data["code"] == {"benchmarks/_common.py": _fingerprint(source)}
    assert len(data["commit"]) == 40 or data["commit"] == "unknown"


def test_every_benchmark_declares_files_that_exist():
    for path in sorted((ROOT / "benchmarks").glob("[!_]*.py")):
        if path.stem == "readme_table":
            continue
        text = path.read_text()
        assert "code=CODE" in text, path.name
        (files,) = [
            ast.literal_eval(node.value)
            for node in ast.parse(text).body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "CODE"
        ]
        assert files and all((ROOT / f).exists() for f in files), (path.name, files)
