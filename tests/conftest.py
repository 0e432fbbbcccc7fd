"""Shared helpers: build real sites into temporary folders and read their HTML."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` exactly as the Makefile does (never -q or -v)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, capture_output=True, text=True, timeout=600,
    )


class Site:
    """A built site: pages by URL, parsed once."""

    def __init__(self, root: Path):
        self.root = root
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
    """The real project, built once for the whole session."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return Site(out)


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


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on a free loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()
