"""In a real browser: Debian's Chromium driven by Playwright, against ``neuroagents view``.

Each test starts the server the way a user does (``neuroagents view NAME --no-browser``
on a free port), opens the page, presses Step and Play, changes a control, and reads
what the page shows: the step counter and the plots' captions (the plotted values in
text). Screenshots go to a temporary folder, or to ``$NEUROAGENTS_SCREENSHOTS`` (``make
screenshots`` writes the README's, docs/figures/view_*.png).

The browser is the system's ``chromium`` (``make browser`` installs it); nothing here
downloads one. Without it the tests skip with a hint, except under CI=true, where a
missing browser fails.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from neuroagents.io import atomic_path

try:
    import solara  # noqa: F401
    from playwright.sync_api import expect
except ImportError:  # under CI the test extras are installed: a missing one is a failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(
        "needs the viz and test extras: pip install -e '.[test,viz]'", allow_module_level=True
    )

pytestmark = pytest.mark.slow  # a browser and a server per page: ~10 s each

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 30_000
# How long Play runs: longer when taking the README's screenshots, for fuller plots.
PLAY_MS = 10_000 if os.environ.get("NEUROAGENTS_SCREENSHOTS") else 1500


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = _chromium()
    if path is None:
        message = (
            "no system Chromium: install it with `make browser` (Debian: apt-get install "
            "chromium); the browser tests never download one"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Wide enough that the sidebar with the controls starts open.
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1150}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(spec: str):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "neuroagents.cli", "view", spec, "--no-browser",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}/"


def _wait(spec: str, proc, url: str) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"neuroagents view {spec} did not serve:\n{proc.stdout.read()}")
        time.sleep(0.3)


def _stop(proc) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the CLI and the solara server it started
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


ROOT = Path(__file__).resolve().parents[2]
NETWORK_CONFIG = str(ROOT / "docs" / "view" / "two_communities.toml")
SPECS = ("hopfield", "ei", NETWORK_CONFIG, "rate", "hopfield_tank", "boltzmann", "motor")


@pytest.fixture(scope="module")
def servers(browser_type_launch_args):
    # All start at once (each spends seconds importing), and all are torn down.
    started = {spec: _start(spec) for spec in SPECS}
    try:
        for spec, (proc, url) in started.items():
            _wait(spec, proc, url)
        yield {spec: url for spec, (_, url) in started.items()}
    finally:
        for proc, _ in started.values():
            _stop(proc)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = os.environ.get("NEUROAGENTS_SCREENSHOTS")
    return Path(folder) if folder else tmp_path


def _screenshot(page, target: Path) -> None:
    """Save a screenshot atomically: a failed test never leaves half a README image."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(page.screenshot())


def _open(page, url):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    expect(page.get_by_text("Time: 0.0")).to_be_visible()
    expect(page.locator(".na-caption").first).to_be_visible()


def _caption(page, index):
    return page.locator(".na-caption").nth(index)


def _pause(page) -> float:
    """Pause play and return the time shown once the page has stopped moving.

    A step already under way when ❚❚ is clicked still lands (seen on CI: two more
    steps after the click), so the time is read only when two readings agree.
    """
    page.get_by_role("button", name="❚❚", exact=True).click()
    expect(page.get_by_role("button", name="▶", exact=True)).to_be_visible()
    shown = page.get_by_text("Time: ").inner_text()
    for _ in range(40):
        page.wait_for_timeout(500)
        again = page.get_by_text("Time: ").inner_text()
        if again == shown:
            return float(shown.removeprefix("Time: "))
        shown = again
    raise AssertionError(f"the page kept moving after pause: last {shown!r}")


def test_hopfield_in_chromium(servers, page, shots):
    from neuroagents.models.hopfield import energy, hebbian_weights
    from neuroagents.models.hopfield.view import HopfieldView

    _open(page, servers["hopfield"])
    expect(_caption(page, 0)).to_contain_text("overlap with pattern 0 = 0.500")
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Time: 1.0")).to_be_visible()
    twin = HopfieldView(seed=0)  # the page's defaults, stepped outside the page
    twin.step()
    e1 = energy(hebbian_weights(twin.patterns), twin.state)
    expect(_caption(page, 1)).to_have_text(f"energy {e1:.2f} at sweep 1")
    # Play runs to the fixed point: a sweep without flips stops it.
    page.get_by_role("button", name="▶", exact=True).click()
    expect(_caption(page, 3)).to_contain_text(": 0", timeout=TIMEOUT_MS)
    expect(_caption(page, 2)).to_contain_text("overlap with pattern 0 = 1.000")
    _screenshot(page, shots / "view_hopfield.png")
    # A control: corruption 0.25 -> 0.10, then Reset rebuilds the model with it.
    thumb = page.locator(".v-input__slider", has_text="corruption").get_by_role("slider")
    thumb.focus()
    for _ in range(15):
        thumb.press("ArrowLeft")
        page.wait_for_timeout(60)
    expect(thumb).to_have_attribute("aria-valuenow", "0.1")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Time: 0.0")).to_be_visible()
    # round(0.1 * 256) = 26 bits flipped: overlap 1 - 2 * 26 / 256 = 0.797.
    expect(_caption(page, 0)).to_contain_text("overlap with pattern 0 = 0.797")


def _step_and_play(page, first_time: str) -> str:
    before = _caption(page, 0).inner_text()
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text(f"Time: {first_time}")).to_be_visible()
    expect(_caption(page, 0)).not_to_have_text(before)
    if os.environ.get("NEUROAGENTS_SCREENSHOTS"):  # render every 9th step: play further
        thumb = page.locator(".v-input__slider", has_text="Render Interval").get_by_role("slider")
        thumb.focus()
        for _ in range(4):
            thumb.press("ArrowRight")
            page.wait_for_timeout(60)
    page.get_by_role("button", name="▶", exact=True).click()
    page.wait_for_timeout(PLAY_MS)
    shown = f"Time: {_pause(page)}"
    assert float(shown.removeprefix("Time: ")) > float(first_time), shown
    if os.environ.get("NEUROAGENTS_SCREENSHOTS"):
        thumb.press("Home")  # back to one step per Step
        expect(thumb).to_have_attribute("aria-valuenow", "1")
    return shown


def test_ei_in_chromium(servers, page, shots):
    _open(page, servers["ei"])
    shown = _step_and_play(page, "2.0")
    t = shown.removeprefix("Time: ")
    expect(_caption(page, 0)).to_contain_text(f"at t = {float(t):g}")
    _screenshot(page, shots / "view_ei.png")
    # A control: the wiring preset; after Reset the phase plane lists its fixed points.
    page.locator(".v-select", has_text="wiring preset").click()
    page.get_by_role("option", name="lecture").click()
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Time: 0.0")).to_be_visible()
    from neuroagents.models.ei.view import EIView

    lecture = EIView(preset="lecture").fixed_points
    kinds = ", ".join(f"{k} ({e:.3f}, {i:.3f})" for k, e, i in
                      lecture[["kind", "E", "I"]].itertuples(index=False))  # fmt: skip
    expect(_caption(page, 2)).to_contain_text(f"fixed points: {kinds}")


def test_network_in_chromium(servers, page, shots):
    _open(page, servers[NETWORK_CONFIG])
    _step_and_play(page, "1.0")
    _screenshot(page, shots / "view_network.png")
    # A custom connectome from a file (the config's CSV), and a control: the rule.
    expect(_caption(page, 0)).to_contain_text("of 80 neurons > 0")
    page.locator(".v-select", has_text="rule").first.click()
    page.get_by_role("option", name="sign").click()
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Time: 0.0")).to_be_visible()
    expect(_caption(page, 0)).to_contain_text("of 80 neurons > 0")
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Time: 1.0")).to_be_visible()
    from neuroagents.viz.network import NetworkView

    twin = NetworkView(connectome=str(ROOT / "docs" / "view" / "two_communities.csv"),
                       rule="sign", seed=0)  # fmt: skip
    twin.step()  # the same model outside the page, now under the sign rule
    expect(_caption(page, 1)).to_contain_text(f"mean_state = {twin.state.mean():.4g}")


def test_rate_in_chromium(servers, page, shots):
    import numpy as np

    from neuroagents.models.rate.view import RateView

    _open(page, servers["rate"])
    _step_and_play(page, "0.5")
    _screenshot(page, shots / "view_rate.png")
    # A control: n = 2 (the phase plane is drawn); Reset, Step, and the population's
    # rms against the same seed integrated by numpy (exponential Euler, as the engine).
    page.locator(".v-select", has_text="neurons n").click()
    page.get_by_role("option", name="2", exact=True).click()
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Time: 0.0")).to_be_visible()
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Time: 0.5")).to_be_visible()
    twin = RateView(n=2, seed=0)
    v = np.array(twin.state)
    for _ in range(10):  # 0.5 / dt = 10 steps
        target = np.tanh(twin.weights @ v)
        v = target + (v - target) * np.exp(-twin.dt)
    expect(_caption(page, 3)).to_contain_text(f"now (v0, v1) = ({v[0]:.4g}, {v[1]:.4g})")


def test_hopfield_tank_in_chromium(servers, page, shots):
    import numpy as np

    from neuroagents.models.hopfield_tank import tank_weights
    from neuroagents.models.hopfield_tank.view import TankView

    _open(page, servers["hopfield_tank"])
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Time: 0.0002")).to_be_visible()  # 20 steps of dt = 1e-5
    # The energy from the quadratic form of the weights, -1/2 V.T.V - I.V + C n'^2 / 2,
    # on the same seed outside the page (the page sums the published terms instead).
    twin = TankView(seed=0)
    twin.step()
    T, bias = tank_weights(twin.distances, twin.params)
    V = np.array(twin.state)
    energy = -0.5 * V @ T @ V - bias @ V + twin.params.C * twin.params.n_prime**2 / 2
    expect(_caption(page, 2)).to_contain_text(f"energy {energy:.3f} at t = 0.0002")
    expect(_caption(page, 0)).to_contain_text(f"optimum {twin.optimum:.4f}")
    # Play: to the end of the run (t_end = 0.01) for the screenshot, else briefly.
    page.get_by_role("button", name="▶", exact=True).click()
    if os.environ.get("NEUROAGENTS_SCREENSHOTS"):
        # t_end = 0.01 stops it (on seed 0 the outputs still move then).
        expect(_caption(page, 2)).to_contain_text("at t = 0.01", timeout=240_000)
    else:
        page.wait_for_timeout(PLAY_MS)
        _pause(page)
    shown = page.get_by_text("Time: ").inner_text()
    assert float(shown.removeprefix("Time: ")) > 0.0002, shown
    _screenshot(page, shots / "view_hopfield_tank.png")


def test_boltzmann_in_chromium(servers, page, shots):
    import numpy as np

    from neuroagents.models.boltzmann.view import SWEEPS_PER_STEP, BoltzmannView

    _open(page, servers["boltzmann"])
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text(f"Time: {float(SWEEPS_PER_STEP)}")).to_be_visible()
    twin = BoltzmannView(seed=0)  # the page's defaults, stepped outside the page
    twin.step()
    tv = 0.5 * np.abs(twin.counts / twin.counts.sum() - twin.exact).sum()
    expect(_caption(page, 2)).to_have_text(f"TV = {tv:.4f} after {SWEEPS_PER_STEP} samples")
    if os.environ.get("NEUROAGENTS_SCREENSHOTS"):  # fuller bars: sample for a while
        _step_and_play(page, str(float(2 * SWEEPS_PER_STEP)))
    _screenshot(page, shots / "view_boltzmann.png")


def test_motor_in_chromium(servers, page, shots):
    import numpy as np

    _open(page, servers["motor"])
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Time: 10.0")).to_be_visible()
    page.get_by_role("button", name="▶", exact=True).click()
    if os.environ.get("NEUROAGENTS_SCREENSHOTS"):  # to the end of the reach (t = 600)
        expect(_caption(page, 1)).to_contain_text("t = 600:", timeout=240_000)
    else:
        page.wait_for_timeout(PLAY_MS)
        _pause(page)
    t = float(page.get_by_text("Time: ").inner_text().removeprefix("Time: "))
    assert t > 10.0
    expect(_caption(page, 0)).to_contain_text(f"t = {t:g}:")
    # Theory on the invariant plane (no coupling): the measured angle is 2 pi f t (taken
    # into (-pi, pi]) and the radius exp(-t/300), to the 4 decimals shown.
    angle = (2 * np.pi * 0.0015 * t + np.pi) % (2 * np.pi) - np.pi
    expect(_caption(page, 0)).to_contain_text(f"turned {angle:.4f} rad (2 pi f t: {angle:.4f})")
    radius = np.exp(-t / 300)
    expect(_caption(page, 0)).to_contain_text(f"radius x {radius:.4f} (exp(-t/300): {radius:.4f})")
    _screenshot(page, shots / "view_motor.png")
