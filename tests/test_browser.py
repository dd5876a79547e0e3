"""The notebooks in a real JupyterLab, driven by headless Chromium.

Enabled by ``ORGPLAN_BROWSER=1`` (``.ci/run`` sets it and installs Debian's
``chromium``); skipped otherwise, with the reason. For each notebook it starts
from a copy of ``notebooks/`` and ``data/`` (the committed notebooks are never
touched), restarts the kernel and runs all cells through JupyterLab's menu,
saves, and then checks what a user would see: no cell shows an error, the
charts are displayed, the widgets rendered and respond to a changed value.
Screenshots land in ``out/screenshots/`` (``ORGPLAN_SCREENSHOTS=DIR`` to
choose another folder, e.g. ``docs/images`` for the README).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
TOKEN = "orgplan-browser-test"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("ORGPLAN_BROWSER") != "1",
                       reason="browser tests run with ORGPLAN_BROWSER=1 (set by .ci/run)"),
]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of notebooks/ and data/."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("out", ".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data", root / "data")
    # render every cell (no windowing), so a chart far up the notebook is in the page to check
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    news = root / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = _free_port()
    log = open(root / "lab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         f"--LabApp.workspaces_dir={root / 'workspaces'}", f"--LabApp.user_settings_dir={root / 'settings'}",
         "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                pytest.fail(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield url, root
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _screenshot_dir() -> Path:
    folder = Path(os.environ.get("ORGPLAN_SCREENSHOTS", ROOT / "out" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _run_all(page, url: str, name: str) -> None:
    timeout_error = pytest.importorskip("playwright.sync_api").TimeoutError
    page.goto(f"{url}/lab/tree/notebooks/{name}?reset&token={TOKEN}")  # reset: only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator", timeout=90_000)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # a "Select Kernel" dialog may come up while the session starts
        if page.locator(".jp-Dialog").count():
            page.click(".jp-Dialog button.jp-mod-accept")
        if page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count():
            break
        time.sleep(0.5)
    for attempt in (1, 2):
        page.click("li.lm-MenuBar-item:has-text('Kernel')")
        page.click("li.lm-Menu-item:has-text('Restart Kernel and Run All Cells')")
        page.click(".jp-Dialog button.jp-mod-accept")
        try:
            # kernel idle, and every prompt numbered — or a cell failed, which stops "run all"
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                    const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
                    const failed = document.querySelector(
                        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']");
                    return idle && prompts.length && (failed || prompts.every(p => /\\[\\d+\\]/.test(p.textContent)));
                }""",
                timeout=240_000,
            )
            break
        except timeout_error:
            # a loaded machine can lose the run between the menu and the kernel: keep evidence, try once more
            page.screenshot(path=str(_screenshot_dir() / f"timeout-{attempt}-{Path(name).stem}.png"))
            prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputArea-prompt", "ps => ps.map(p => p.textContent)")
            if attempt == 2:
                raise AssertionError(f"{name}: Restart Kernel and Run All did not finish twice; prompts {prompts}")
    time.sleep(1.0)  # let widget views and images finish rendering


def _save(page, path: Path) -> dict:
    before = path.stat().st_mtime
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime == before and time.monotonic() < deadline:
        time.sleep(0.2)
    while True:  # the new mtime shows when JupyterLab starts writing, not when it is done: read a whole file
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _outputs(notebook: dict) -> list[dict]:
    return [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab(lab, browser, path):
    url, root = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, url, path.name)
        saved = _save(page, root / "notebooks" / path.name)
        outputs = _outputs(saved)

        errors = [o for o in outputs if o["output_type"] == "error"]
        assert not errors, f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
        stderr = [o for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
        assert not stderr, f"{path.name} printed to stderr: {''.join(stderr[0]['text'])[:300]}"
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0

        kinds = {k for o in outputs for k in o.get("data", {})}
        if kinds & {"image/png", "image/svg+xml"}:  # the notebook shows charts: they are on screen
            assert page.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg").count() > 0

        if "application/vnd.jupyter.widget-view+json" in kinds:
            widgets = page.locator(".jp-OutputArea-output .jupyter-widgets")
            assert widgets.count() > 0, "widgets did not render (is the ipywidgets frontend installed?)"
            _check_a_widget_responds(page)

        # the picture for the README: the first widget (or chart) on screen, not the notebook's last cell
        shown = page.locator(".jp-OutputArea-output .jupyter-widgets, .jp-OutputArea-output img, "
                             ".jp-OutputArea-output svg").first
        if shown.count():
            shown.scroll_into_view_if_needed()
        page.screenshot(path=str(_screenshot_dir() / f"{path.stem}.png"))
    finally:
        page.close()


def _check_a_widget_responds(page) -> None:
    """Change the first dropdown (or date, or slider) and see a widget that shows results change."""
    outputs = page.locator(".widget-output, .widget-html, .widget-image, .jupyter-widgets-output-area")
    before = [outputs.nth(i).inner_html() for i in range(outputs.count())]
    select = page.locator(".jupyter-widgets select").first
    if select.count():
        options = select.locator("option")
        values = [options.nth(i).get_attribute("value") or options.nth(i).inner_text() for i in range(options.count())]
        current = select.input_value()
        other = next(v for v in reversed(values) if v != current)  # the last option: the least like the first
        select.scroll_into_view_if_needed()
        select.select_option(other)
    elif page.locator(".jupyter-widgets input[type=date]").count():
        day = page.locator(".jupyter-widgets input[type=date]").first
        day.scroll_into_view_if_needed()
        current = day.input_value()
        day.fill("2027-03-15" if current != "2027-03-15" else "2027-02-15")
        day.dispatch_event("change")
    else:
        slider = page.locator(".jupyter-widgets .noUi-handle, .jupyter-widgets input[type=range]").first
        assert slider.count(), "no dropdown, date or slider to try"
        slider.scroll_into_view_if_needed()
        slider.focus()
        page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = [outputs.nth(i).inner_html() for i in range(outputs.count())]
        if after != before:
            return
        time.sleep(0.3)
    pytest.fail("changing a widget's value did not change any widget output")
