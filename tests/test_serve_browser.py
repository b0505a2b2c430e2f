"""`kg serve` from pages on other origins, in real headless Chromium: reading with GET works from any
origin, POSTing only from an origin given with --cors-origin, and a hostile page's form POST never runs."""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_serve_security import Listener, service_query
from test_server import kg_serve

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FETCH_PAGE = """<!doctype html><meta charset=utf-8><title>other origin</title><script>
const kg = new URLSearchParams(location.search).get("kg"), q = "ASK { ?s ?p ?o }";
const json = {Accept: "application/sparql-results+json"};
async function attempt(request) {
  try { const r = await request(); return r.status + " " + (await r.json()).boolean; } catch (e) { return "blocked"; }
}
(async () => {
  window.result = {
    get: await attempt(() => fetch(kg + "?query=" + encodeURIComponent(q), {headers: json})),
    post: await attempt(() => fetch(kg, {method: "POST", body: q,
                                          headers: {...json, "Content-Type": "application/sparql-query"}})),
  };
})();
</script>"""
FORM_PAGE = """<!doctype html><meta charset=utf-8><title>hostile</title>
<form method=post><input type=hidden name=query></form><script>
const p = new URLSearchParams(location.search), form = document.forms[0];
form.action = p.get("kg"); form.query.value = p.get("query"); form.submit();
</script>"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two other origins on loopback (other ports), serving the test pages: a stranger and a friend."""
    root = tmp_path_factory.mktemp("pages")
    (root / "fetch.html").write_text(FETCH_PAGE)
    (root / "form.html").write_text(FORM_PAGE)
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
               for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://127.0.0.1:{s.server_address[1]}" for s in servers)  # type: ignore[misc]
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(graph_file: Path, origins: tuple[str, str]) -> Iterator[tuple[str, Listener]]:
    listener = Listener()
    with kg_serve(graph_file, "--cors-origin", origins[1], "--allow-service", listener.url) as (url, _):
        yield url, listener
    listener.sock.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("headless Chromium tests need /usr/bin/chromium and /usr/bin/chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def fetch_results(driver, page: str) -> dict:  # noqa: ANN001
    driver.get(page)
    deadline = time.monotonic() + 30
    while (result := driver.execute_script("return window.result || null")) is None:
        assert time.monotonic() < deadline, "the page never finished its requests"
        time.sleep(0.05)
    return result


@pytest.mark.browser
def test_other_origins_read_with_get_and_only_a_friend_posts(browser, served, origins) -> None:  # noqa: ANN001
    url, _ = served
    stranger, friend = origins
    assert fetch_results(browser, f"{stranger}/fetch.html?kg={url}") == {"get": "200 true", "post": "blocked"}
    assert fetch_results(browser, f"{friend}/fetch.html?kg={url}") == {"get": "200 true", "post": "200 true"}


@pytest.mark.browser
def test_a_hostile_pages_form_post_never_runs(browser, served, origins) -> None:  # noqa: ANN001
    url, listener = served
    stranger, friend = origins
    query = urllib.parse.quote(service_query(listener.url))
    browser.get(f"{stranger}/form.html?kg={url}&query={query}")
    deadline = time.monotonic() + 30
    while "--cors-origin" not in browser.find_element("tag name", "body").text:
        assert time.monotonic() < deadline, f"no refusal shown: {browser.page_source[:300]}"
        time.sleep(0.05)
    assert not listener.contacted()
    thread = listener.hang_up_on_callers()  # the friend's form does run: the allowed SERVICE is called
    browser.get(f"{friend}/form.html?kg={url}&query={query}")
    thread.join(timeout=60)
    assert listener.answered
