"""Shared helpers: build real sites into temporary folders and read their HTML."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` exactly as the Makefile does (never -q or -v)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, capture_output=True, text=True, timeout=600, env=env,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A built site: pages by URL, parsed once."""

    def __init__(self, root: Path, url: str):
        self.root = root
        self.url = url
        self._cache: dict[str, BeautifulSoup] = {}

    def html(self, url: str) -> str:
        path = self.root / url.strip("/") / "index.html" if not url.endswith(".html") else self.root / url
        return path.read_text(encoding="utf-8")

    def page(self, url: str) -> BeautifulSoup:
        if url not in self._cache:
            self._cache[url] = BeautifulSoup(self.html(url), "html.parser")
        return self._cache[url]

    def article(self, url: str):
        return self.page(url).select_one("article.md-content__inner")

    def pages(self) -> list[str]:
        """Every page's URL, such as 'chapters/beneficence/' ('' for the home page)."""
        out = []
        for index in sorted(self.root.rglob("index.html")):
            rel = index.parent.relative_to(self.root).as_posix()
            if rel.startswith(("assets", "search")):
                continue
            out.append("" if rel == "." else rel + "/")
        return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real project, built once for the whole session, for the loopback address it is
    served on (Material's instant navigation only follows links under site_url)."""
    out = tmp_path_factory.mktemp("site")
    url = f"http://127.0.0.1:{free_port()}/"
    result = mkdocs_build(ROOT / "mkdocs.yml", out, site_url=url)
    assert result.returncode == 0, result.stderr
    return Site(out, url)


@pytest.fixture
def tiny_project(tmp_path):
    """A tiny copy of the project (real mkdocs.yml, macros.py, templates, schema) with one
    chapter; tests add checklist files and pages to it, then build it."""

    def make(checklists: dict[str, str], pages: dict[str, str] | None = None) -> Path:
        project = tmp_path / "project"
        shutil.copytree(FIXTURES / "tiny", project)
        shutil.copy(ROOT / "macros.py", project)
        shutil.copytree(ROOT / "overrides", project / "overrides")
        shutil.copy(ROOT / "mkdocs.yml", project / "base.yml")
        shutil.copy(ROOT / "docs" / "workbook" / "checklist.schema.json", project / "docs" / "workbook")
        shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
        for name, text in checklists.items():
            (project / "docs" / "workbook" / name).write_text(text, encoding="utf-8")
        for name, text in (pages or {}).items():
            (project / "docs" / name).write_text(text, encoding="utf-8")
        return project / "mkdocs.yml"

    return make


def fixture_checklist(name: str) -> str:
    return (FIXTURES / "checklists" / name).read_text(encoding="utf-8")


# --- Browser: Playwright driving Debian's chromium against the built site on loopback ---

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int = 0):
    """Serve a folder on loopback (a free port unless given); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site):
    """The real site, served on loopback."""
    with serve(site.root, port=int(site.url.rsplit(":", 1)[1].strip("/"))) as url:
        assert url == site.url
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def wait_until(page, expression: str, timeout: float = 15.0):
    """Poll a JavaScript expression until it is truthy. (Playwright's wait_for_function
    evaluates strings inside the page, which the site's Content-Security-Policy forbids.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.05)


def own_requests_only(ctx, requests: list[str]):
    """Record every request a browser context makes (checked by the caller)."""
    ctx.on("request", lambda request: requests.append(request.url))


def foreign(requests: list[str]) -> list[str]:
    """Requests to anything but the site's own loopback server (blob: and data: are local)."""
    return [u for u in requests if not u.startswith(("http://127.0.0.1:", "blob:", "data:", "about:"))]


@pytest.fixture
def context(browser):
    """A fresh browser profile; the test fails if any request leaves the site."""
    ctx = browser.new_context(accept_downloads=True)
    requests: list[str] = []
    own_requests_only(ctx, requests)
    yield ctx
    ctx.close()
    assert not foreign(requests), f"requests to other hosts: {foreign(requests)}"
