"""Regenerate the README's pictures from the bundled example articles, so none is drawn by hand.

Writes docs/graph.png (the whole graph page), docs/ego.png (``kg view --ego Poutine``) and
docs/plot.png (``kg report --by quarter --plot``). The pages are shot in headless Chromium
(/usr/bin/chromium and /usr/bin/chromedriver, Debian packages chromium and chromium-driver), offline,
once each page reports it is ready.

Run: .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.cli import main  # noqa: E402

DOCS = ROOT / "docs"
WINDOW = (1500, 860)


def kg(*args: str) -> None:
    """Run one kg command in this process, stopping on failure with its output."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exit_code != 0:
        raise SystemExit(f"kg {' '.join(map(str, args))} failed:\n{result.output}")


def shoot(pages: dict[Path, Path]) -> None:
    """Open each page in headless Chromium and save what the window shows once the page is ready."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-shots-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        for page, png in pages.items():
            driver.get(page.as_uri())
            deadline = time.monotonic() + 60
            while not driver.execute_script("return Boolean(window.kgView && window.kgView.ready)"):
                if time.monotonic() > deadline:
                    raise SystemExit(f"{page} never became ready")
                time.sleep(0.1)
            driver.save_screenshot(str(png))
            print(f"wrote {png.relative_to(ROOT)}")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def run() -> None:
    work = Path(tempfile.mkdtemp(prefix="kg-docs-"))
    try:
        graph = work / "examples.trig"
        kg("build", ROOT / "kg" / "examples" / "corpus", "-o", graph, "-q")
        kg("view", graph, "-o", work / "graph.html", "--title", "The example articles: who did what with whom")
        kg("view", graph, "--ego", "Poutine", "-o", work / "ego.html")
        kg("report", graph, "--by", "quarter", "--top", "10", "--plot", DOCS / "plot.png", "-o", work / "report.txt")
        print("wrote docs/plot.png")
        shoot({work / "graph.html": DOCS / "graph.png", work / "ego.html": DOCS / "ego.png"})
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run()
