"""Print HTML to PDF with headless Chromium (`--print-to-pdf`), when a Chromium or Chrome is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from engine.i18n import t
from question_generators.errors import SecondroundError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT_S = 120


class PdfError(SecondroundError):
    """No browser to print with, or the browser failed."""


def find_browser() -> str | None:
    """$SECONDROUND_CHROMIUM when set, else the first Chromium or Chrome on the PATH."""
    chosen = os.environ.get("SECONDROUND_CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def html_to_pdf(html: bytes) -> bytes:
    browser = find_browser()
    if browser is None:
        raise PdfError(t("export.no_chromium", names=", ".join(BROWSERS)))
    with tempfile.TemporaryDirectory(prefix="secondround-pdf-") as folder:
        source, target = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_bytes(html)
        command = [browser, "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
                   "--no-first-run", "--no-pdf-header-footer", f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(t("export.chromium_failed", browser=browser, error=exc)) from None
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            detail = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
            raise PdfError(t("export.chromium_failed", browser=browser, error=detail))
        return target.read_bytes()
