"""Call analysis functions on the hostile arrays of each case on stdin (run in a subprocess).

The protocol is tests/subprocess_cases.py's; a case is ``{"id", "name", "a", "b"}`` and
``name`` a key of tests/analysis_entry_points.py's ENTRIES. Verdicts: ``REFUSED`` (a
NeuroagentsError), ``OK`` (a result that passes the entry's check), ``BAD <what>`` (any
other exception, or a result that fails the check).
"""

import warnings

from analysis_entry_points import ENTRIES
from subprocess_cases import judge_cases

from neuroagents.errors import NeuroagentsError


def judge(case: dict) -> str:
    """The verdict on one case."""
    call, check = ENTRIES[case["name"]]
    a, b = case["a"], case["b"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = call(a.copy(), b.copy())
        except NeuroagentsError:
            return "REFUSED"
        except Exception as err:
            return f"BAD {type(err).__name__}: {err}"
        try:
            problem = check(result, a, b)
        except Exception as err:
            problem = f"the check raised {type(err).__name__}: {err}"
    return f"BAD {problem}" if problem else "OK"


if __name__ == "__main__":
    judge_cases(judge)
