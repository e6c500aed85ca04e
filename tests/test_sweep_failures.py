"""Sweep failures are heard: a warning whatever the progress setting, typos caught first."""

import sys
import warnings
from pathlib import Path

import pytest

import neuroagents as na
from neuroagents.errors import RunFailedError, RunFailedWarning
from neuroagents.sweeps.names import names_taken

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

CALLS = []


def noisy(params, rng):
    """Reads 'noise' (the name a user may misspell) and counts its calls."""
    CALLS.append(params)
    return {"y": params["x"] + params["noise"] * rng.normal()}


def test_failed_runs_warn_with_progress_off_and_print_nothing(capsys):
    with pytest.warns(RunFailedWarning) as caught:
        df = na.sweep(targets.sometimes_fails, grid={"x": [1, 2, 3]}, seeds=2, progress=False)
    assert (df["status"] == "failed").sum() == 2
    (warning,) = caught
    message = str(warning.message)
    assert "2 of 6 runs of" in message and "sometimes_fails" in message
    assert "RuntimeError: x = 2 is not allowed" in message
    assert warning.filename == __file__  # points at the user's call, not the library
    assert capsys.readouterr().err == ""


def test_failed_runs_warn_with_progress_on_too(capsys):
    with pytest.warns(RunFailedWarning, match="2 of 6 runs"):
        na.sweep(targets.sometimes_fails, grid={"x": [1, 2, 3]}, seeds=2, progress=True)
    assert "2 failed" in capsys.readouterr().err


def test_failures_kept_in_a_store_still_warn_on_a_rerun_that_does_not_retry(tmp_path):
    store = tmp_path / "s"
    args = {"grid": {"x": [1, 2]}, "store": store, "progress": False}
    with pytest.warns(RunFailedWarning, match="1 of 2 runs"):
        na.sweep(targets.sometimes_fails, **args)
    with pytest.warns(RunFailedWarning, match="1 of 2 runs"):
        again = na.sweep(targets.sometimes_fails, retry_failed=False, **args)
    assert again["status"].tolist() == ["ok", "failed"]


def test_a_clean_sweep_warns_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RunFailedWarning)
        df = na.sweep(targets.sometimes_fails, grid={"x": [1, 3]}, seeds=2, progress=False)
    assert (df["status"] == "ok").all()


def test_on_failure_raise_raises_instead_of_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RunFailedWarning)
        with pytest.raises(RunFailedError, match="2 of 6 runs"):
            na.sweep(targets.sometimes_fails, grid={"x": [1, 2, 3]}, seeds=2, progress=False,
                     on_failure="raise")  # fmt: skip


@pytest.mark.parametrize(
    ("where", "kwargs"),
    [
        ("grid", {"grid": {"x": [1, 2], "nosie": [0.1]}}),
        ("params", {"grid": {"x": [1, 2]}, "params": {"nosie": 0.1}}),
        ("points", {"points": [{"x": 1, "noise": 0.1}, {"x": 2, "nosie": 0.1}]}),
    ],
)
def test_a_misspelt_parameter_is_refused_before_any_run_with_the_suggestion(where, kwargs):
    CALLS.clear()
    with pytest.raises(na.ValidationError) as err:
        na.sweep(noisy, seeds=2, progress=False, **kwargs)
    message = str(err.value)
    assert f"The parameter 'nosie' in the '{where}' of sweep" in message
    assert "test_sweep_failures.noisy" in message
    assert "(did you mean 'noise'?)" in message and "check_params=False" in message
    assert CALLS == []


def test_a_model_class_is_checked_against_its_signature():
    with pytest.raises(na.ValidationError, match=r"'temprature'.*did you mean 'temperature'"):
        na.sweep(targets.GlauberRing, grid={"n": [4], "temprature": [1.0]}, steps=2,
                 progress=False)  # fmt: skip


def test_with_the_check_off_the_typo_fails_every_run_and_is_heard():
    # The case: without the check, every run fails with KeyError: 'noise'.
    CALLS.clear()
    with pytest.warns(RunFailedWarning, match=r"2 of 2 runs .* KeyError: 'noise'"):
        df = na.sweep(noisy, grid={"x": [1, 2]}, params={"nosie": 0.1}, progress=False,
                      check_params=False)  # fmt: skip
    assert (df["status"] == "failed").all()
    assert len(CALLS) == 2


def _forwarding_wrapper(params, rng):
    """Hands its params on to a function of another module (the user's or the library's)."""
    return targets.noisy_square({**params}, rng)


def test_names_read_by_code_the_function_calls_count():
    # A wrapper handing params on to the user's other module, or to a closure in a
    # test, reads the names its callee reads: no false alarm.
    df = na.sweep(_forwarding_wrapper, grid={"x": [1, 2]}, progress=False)
    assert (df["status"] == "ok").all()
    from neuroagents.models.hopfield.experiments import retrieval

    def first_run(params, rng):
        return retrieval.retrieval_trial({**params}, rng).iloc[0].to_dict()

    known = names_taken(first_run)
    assert {"n", "alpha", "noise", "max_sweeps"} <= known
    assert "nosie" not in known


def test_names_of_installed_packages_are_not_followed():
    import numpy as np

    def uses_numpy(params, rng):
        return {"m": float(np.mean(params["values"]))}

    known = names_taken(uses_numpy)
    assert known == {"values", "m"}


def test_callables_the_check_cannot_read_are_let_through():
    import functools

    partial = functools.partial(noisy)
    assert names_taken(partial) is None
    df = na.sweep(partial, grid={"x": [1]}, params={"noise": 0.0}, progress=False)
    assert df["y"].tolist() == [1.0]


def test_a_label_column_far_from_every_read_name_passes():
    # Only near-misses are refused: a grid may carry a column the function never reads.
    df = na.sweep(noisy, grid={"x": [1], "label": ["a", "b"]}, params={"noise": 0.0},
                  progress=False)  # fmt: skip
    assert df["label"].tolist() == ["a", "b"] and (df["status"] == "ok").all()
