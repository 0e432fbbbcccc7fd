"""Links that never break: every published address still resolves, directly or through a
redirect, and every new permanent address is recorded (run `make links`)."""

from links import current_addresses, recorded, resolve


def test_every_published_address_still_resolves(site):
    broken = {address: why for address in recorded() if (why := resolve(site.root, address))}
    assert broken == {}, "published addresses that no longer resolve (add a redirect; see CONTRIBUTING.md)"


def test_every_permanent_address_is_recorded(site):
    missing = sorted(current_addresses(site.root) - set(recorded()))
    assert missing == [], "new addresses not yet recorded: run `make links` and commit tests/published-links.txt"


def test_the_list_covers_every_kind_of_address():
    addresses = recorded()
    for sample in ("/", "/chapters/beneficence/", "/chapters/beneficence/#core-ideas",
                   "/chapters/beneficence/#objective-define", "/chapters/beneficence/#question-reluctance-to-end",
                   "/chapters/genuine-care/#checklist-boundaries", "/workbook/boundaries/#boundaries-gifts",
                   "/workbook/self-care/#self-care-body", "/glossary/#burnout"):
        assert sample in addresses


def test_a_redirected_page_keeps_its_anchors(tmp_path):
    site = tmp_path
    (site / "new").mkdir()
    (site / "new" / "index.html").write_text('<h2 id="kept">Kept</h2>')
    (site / "old").mkdir()
    (site / "old" / "index.html").write_text('<meta http-equiv="refresh" content="0; url=../new/">')
    assert resolve(site, "/old/#kept") is None
    assert resolve(site, "/old/#gone") == "the page has no anchor 'gone'"
    assert resolve(site, "/missing/") == "no such page"


def test_a_moved_page_forwards_readers_with_the_anchor_in_a_browser(tiny_project, browser, tmp_path):
    """The redirect mkdocs-redirects writes runs under the site's Content-Security-Policy
    and keeps the anchor a syllabus links to."""
    from conftest import fixture_checklist, free_port, mkdocs_build, serve, wait_until

    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")})
    config.write_text(config.read_text(encoding="utf-8") + (
        "plugins:\n  redirects:\n    redirect_maps:\n      chapters/old-name.md: chapters/chapter.md\n"),
        encoding="utf-8")
    port = free_port()
    out = tmp_path / "site"
    result = mkdocs_build(config, out, site_url=f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    assert (out / "chapters" / "old-name" / "index.html").is_file()
    with serve(out, port=port) as url:
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "chapters/old-name/#checklists")
        wait_until(page, "location.pathname === '/chapters/chapter/'")
        assert page.url.endswith("/chapters/chapter/#checklists")
        assert not [e for e in errors if "Content Security Policy" in e], errors
        page.close()
