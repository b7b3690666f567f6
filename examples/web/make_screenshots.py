"""Screenshots of the browser app: `python examples/web/make_screenshots.py`.

Starts `secondround serve` over a throw-away store with a blueprint of one table item, one chart
item, one figure matrix, one technical drawing and one passage (in that order), opens each item in
headless Chromium at desktop (1280 px) and phone (390 px) width and writes <kind>-<width>.png next
to this script, each reduced to an indexed palette (pngsmall.py) so the set stays small. Run it
again when the look of the test page changes."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from pngsmall import quantize, write_indexed_png  # noqa: E402

from tests.reports.browser import read_png  # noqa: E402
from tests.web.browser import Console, Server, make_driver, missing, serve_missing  # noqa: E402

KINDS = ("table", "chart", "matrix", "drawing", "passage")
FAMILIES = ("numeric.data_table", "numeric.data_chart", "abstract.matrix", "technical.pulleys", "verbal.passage")
BLUEPRINT = """
name = "screenshots"
title = "Screenshot tour"
description = "One item of each kind of figure, for examples/web/."

[[section]]
name = "tour"
title = "Screenshot tour"
minutes = 30
order = "as_listed"
calculator = true
""" + "".join(f"""
  [[section.part]]
  family = "{family}"
  count = 1
  difficulty = [0.5, 0.5]
""" for family in FAMILIES)
SIZES = {1280: 900, 390: 1500}  # width: height of the shot


def shoot(driver: object, target: Path, height: int) -> int:
    """A viewport screenshot cut to `height` px, as an indexed PNG; its size in bytes."""
    raw = target.with_suffix(".raw.png")
    raw.write_bytes(driver.get_screenshot_as_png())  # type: ignore[attr-defined]
    pixels = read_png(raw)[:height]
    raw.unlink()
    palette, indices = quantize(pixels, 96)
    return write_indexed_png(target, palette, indices)


def main() -> int:
    reason = missing() or serve_missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    from selenium.webdriver.support.ui import Select, WebDriverWait

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "blueprints").mkdir()
        (folder / "blueprints" / "screenshots.toml").write_text(BLUEPRINT, encoding="utf-8")
        server = Server(folder / "store.db", blueprints=folder / "blueprints").start()
        total = 0
        try:
            for width, height in SIZES.items():
                driver = make_driver(folder / f"profile-{width}", width, height)
                console = Console(driver)
                wait = WebDriverWait(driver, 15)
                try:
                    driver.get(server.url)
                    wait.until(lambda d: d.find_elements("id", "start-test"))
                    Select(driver.find_element("id", "blueprint")).select_by_value("screenshots")
                    driver.find_element("id", "mode-exam").click()
                    driver.find_element("id", "start-test").click()
                    wait.until(lambda d: d.find_elements("id", "start"))
                    driver.find_element("id", "start").click()
                    for position, kind in enumerate(KINDS):
                        wait.until(lambda d: d.find_elements("id", "test-page"))
                        if position:
                            driver.find_element("css selector", f'#palette [data-position="{position}"]').click()
                            wait.until(lambda d, p=position: d.find_elements(
                                "css selector", f'#palette [data-position="{p}"][aria-current="true"]'))
                        target = HERE / f"{kind}-{width}.png"
                        size = shoot(driver, target, height)
                        total += size
                        print(f"wrote {target.name} ({size // 1024} KB)")
                    if console.problems():
                        print("browser console:", *console.problems(), sep="\n  ", file=sys.stderr)
                        return 1
                finally:
                    driver.quit()
        finally:
            server.stop()
        print(f"{len(KINDS) * len(SIZES)} screenshots, {total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
