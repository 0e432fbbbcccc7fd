"""The offline copy: `make offline` builds a zip that works opened from disk, search
included, with no request to anything but its own files."""

import os
import subprocess
import zipfile

import pytest

from conftest import ROOT, wait_until

LOCAL = ("file://", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """Run `make offline` into a temporary folder, then unzip the copy somewhere else."""
    out = tmp_path_factory.mktemp("offline")
    archive = out / "copy.zip"
    env = dict(os.environ, SITE_URL="https://example.org/handbook/")
    result = subprocess.run(
        ["make", "--no-print-directory", "offline",
         f"OFFLINE_DIR={out / 'build' / 'reflective-therapist'}", f"OFFLINE_ZIP={archive}"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    unzipped = out / "unzipped"
    with zipfile.ZipFile(archive) as z:
        z.extractall(unzipped)
    return unzipped / "reflective-therapist"


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    requests: list[str] = []
    ctx.on("request", lambda request: requests.append(request.url))
    yield ctx.new_page()
    ctx.close()
    outside = [u for u in requests if not u.startswith(LOCAL)]
    assert not outside, f"the offline copy made outside requests: {outside}"


def test_the_zip_holds_one_folder_with_the_whole_site(offline):
    for name in ("index.html", "workbook/boundaries.html", "chapters/beneficence.html",
                 "search/search_index.js", "assets/javascripts/iframe-worker/shim.js",
                 "print_page.html"):
        assert (offline / name).is_file(), name
    printable = (offline / "print_page.html").read_text(encoding="utf-8")
    assert 'boundaries-gifts-box"' in printable  # the printable workbook travels too


def test_search_works_from_disk(page, offline):
    page.goto((offline / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("gifts")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any(h.startswith("file://") and "workbook/boundaries.html" in h for h in hrefs), hrefs


def test_links_between_pages_work_from_disk(page, offline):
    page.goto((offline / "index.html").as_uri())
    page.click("article a[href$='workbook/boundaries.html']")
    assert page.url.endswith("workbook/boundaries.html")
    assert page.locator("#boundaries-gifts-box").count() == 1


def test_the_workbook_saves_answers_from_disk(page, offline):
    page.goto((offline / "workbook" / "boundaries.html").as_uri())
    wait_until(page, "document.querySelector('.rt-progress') && "
                     "!document.querySelector('.rt-progress').hidden")
    page.click("label[for='boundaries-gifts-box']")
    page.reload()
    assert page.is_checked("#boundaries-gifts-box")


def test_permanent_links_point_at_the_published_site(page, offline):
    page.goto((offline / "workbook" / "boundaries.html").as_uri())
    canonical = page.get_attribute("link[rel=canonical]", "href")
    assert canonical == "https://example.org/handbook/workbook/boundaries/"
    home = (offline / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/handbook/">' in home
