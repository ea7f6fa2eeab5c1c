"""The hand-coding tool (notebook 07): the session's logic on a real sheet, and the notebook
driven in a real headless browser (JupyterLab on localhost, Debian's Chromium): tick a
checkbox, press "save and next", and the sheet on disk has changed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import CHROMIUM_FLAGS, PROJECT, chromium_path
from papermill.parameterize import parameterize_notebook

from analysis.core.errors import AnalysisError
from analysis.validation.coding_widget import CodingSession, coding_widget, sentence_html
from analysis.validation.sheets import CODE_COLUMNS, SHEET_COLUMNS

DEMO = PROJECT / "data" / "hand_coding_demo"
NOTEBOOK = PROJECT / "notebooks" / "07_hand_coding.ipynb"


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return Path(shutil.copy(DEMO / "coder_a.csv", tmp_path / "coder_a.csv"))


def test_session_saves_every_sentence_and_resumes(sheet: Path) -> None:
    session = CodingSession(sheet)
    assert (len(session), session.n_coded, session.first_open()) == (40, 0, 0)
    session.record(0, {"military": True}, " troops at the border ")
    session.record(1, {}, "")
    on_disk = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert list(on_disk.columns) == SHEET_COLUMNS  # nothing added, nothing lost
    assert on_disk.loc[0, list(CODE_COLUMNS)].tolist() == ["0", "1", "0", "0"]
    assert on_disk.loc[0, "note"] == "troops at the border"
    assert on_disk.loc[1, list(CODE_COLUMNS)].tolist() == ["0", "0", "0", "0"]
    assert (on_disk.loc[2:, list(CODE_COLUMNS)] == "").all().all()
    again = CodingSession(sheet)  # a new session (the notebook reopened) resumes at 3
    assert (again.n_coded, again.first_open()) == (2, 2)
    assert again.codes(0) == ({"economic": False, "military": True, "information": False,
                               "political": False}, "troops at the border")
    assert not list(sheet.parent.glob(".*.tmp"))  # atomic write left no temporary file


def test_widget_shows_the_sentence_in_its_paragraph_and_nothing_else(sheet: Path) -> None:
    session = CodingSession(sheet)
    form = coding_widget(session)
    progress, text, boxes, note, buttons = form.children
    row = session.sheet.iloc[0]
    assert "0 of 40 coded" in progress.value and "sentence 1" in progress.value
    assert sentence_html(row["sentence"], row["paragraph"]) == text.value
    assert "<mark>" in text.value and len(text.value) > len(row["sentence"])
    assert [b.description for b in boxes.children] == list(CODE_COLUMNS)
    boxes.children[2].value = True
    note.value = "state TV"
    buttons.children[1].click()  # save and next
    assert CodingSession(sheet).codes(0) == ({"economic": False, "military": False,
                                              "information": True, "political": False},
                                             "state TV")
    assert "1 of 40 coded" in progress.value and "sentence 2" in progress.value
    assert not any(b.value for b in boxes.children) and note.value == ""  # next: blank
    buttons.children[0].click()  # back: the stored codes are shown again
    assert boxes.children[2].value is True


def test_sheet_with_a_stray_code_is_refused(sheet: Path) -> None:
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    frame.loc[3, "political"] = "2"
    frame.to_csv(sheet, index=False)
    with pytest.raises(AnalysisError, match=r"coder_a\.csv: uid v004, column political: '2'"):
        CodingSession(sheet)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {log.read_text().strip().splitlines()[-1:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer at {url}")


@pytest.fixture
def lab(tmp_path: Path, sheet: Path):
    """JupyterLab on localhost over a copy of notebook 07 that points at a copy of the demo
    sheet; yields (base url, notebook name, sheet)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        cell.outputs = [] if cell.cell_type == "code" else None
        if cell.cell_type != "code":
            cell.pop("outputs")
    nb = parameterize_notebook(nb, {"sheet_path": str(sheet)})
    nbformat.write(nb, tmp_path / "07_hand_coding.ipynb")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "PYTHONPATH": os.pathsep.join([str(PROJECT / "src"), os.environ.get("PYTHONPATH", "")])}
    log_path = tmp_path / "lab.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.allow_root=True",
         f"--ServerApp.root_dir={tmp_path}", "--LabApp.expose_app_in_browser=True",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status", 45, server, log_path)
        yield f"http://127.0.0.1:{port}", "07_hand_coding.ipynb", sheet
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_coding_in_jupyterlab_in_a_real_browser_saves_the_sheet(lab) -> None:
    from playwright.sync_api import sync_playwright

    base, name, sheet = lab
    before = sheet.read_bytes()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(f"{base}/lab/tree/{name}", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp && document.querySelector("
                               "'.jp-NotebookPanel .jp-Notebook .jp-Cell')", timeout=40_000)
        page.wait_for_function("""() => {
            const w = window.jupyterapp.shell.currentWidget;
            return w && w.sessionContext && w.sessionContext.session &&
                   w.sessionContext.session.kernel &&
                   w.sessionContext.session.kernel.connectionStatus === 'connected' &&
                   w.sessionContext.session.kernel.status === 'idle';
        }""", timeout=40_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        box = page.locator(".rb-code-military input[type=checkbox]")
        box.wait_for(state="visible", timeout=40_000)
        shown = page.locator(".widget-vbox").first.inner_text()
        first = pd.read_csv(sheet, dtype=str, keep_default_na=False).iloc[0]
        assert first["sentence"][:60] in shown and "0 of 40 coded" in shown
        assert "stratum" not in shown and "matches" not in shown
        box.check()
        page.locator("button.rb-next").click()
        page.get_by_text("1 of 40 coded").wait_for(timeout=20_000)
        browser.close()
    after = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert sheet.read_bytes() != before
    assert after.loc[0, list(CODE_COLUMNS)].tolist() == ["0", "1", "0", "0"]
    assert (after.loc[1:, list(CODE_COLUMNS)] == "").all().all()
