"""WCAG 2.2 AA with axe-core on every page, keyboard and zoom checks, privacy (no other
host, no cookies, a strict CSP), and page metadata. Runs in `make test`."""

import re
import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import foreign, own_requests_only, wait_until

AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}


def violations(page, context=None):
    # Scan the settled page, not one caught halfway through a transition.
    wait_until(page, "document.getAnimations().every(a => a.playState !== 'running')")
    result = AXE.run(page, context=context, options=AXE_OPTIONS)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


def every_page(site):
    return site.pages() + ["404.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, site, server, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    found = {}
    for url in every_page(site):
        page.goto(server + url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == \
            ("slate" if scheme == "dark" else "default")
        if violations(page):
            found[url or "home"] = violations(page)
    ctx.close()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_search_open_and_items_ticked(browser, server, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    page.goto(server + "workbook/self-care/")
    for anchor in ("self-care-breaks", "self-care-leave", "self-care-exhaustion"):
        page.click(f"label[for='{anchor}-box']")
    page.click("#self-care-leave summary")
    page.fill("#self-care-leave-note", "Book a week in spring.")
    page.click("[data-rt-action=checkin]")
    page.click(".rt-checkins summary")
    assert violations(page) == []
    page.click("h1")
    page.keyboard.press("/")
    page.keyboard.type("boundaries")
    page.wait_for_selector(".md-search-result__item")
    assert violations(page) == []
    ctx.close()


def test_skip_link_comes_first_and_focus_is_visible(context, server):
    page = context.new_page()
    page.goto(server + "chapters/beneficence/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).transform") != "none" or \
        page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
    page.focus("#safe-space-pacing-box" if page.locator("#safe-space-pacing-box").count() else "#safe-space-client-sets-pace-box")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_text_at_200_percent_keeps_content_without_horizontal_scrolling(context, server):
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in ("chapters/beneficence/", "workbook/self-care/", "workbook/"):
        page.goto(server + url)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{url} scrolls sideways at 200% text"
        if url.startswith("workbook/self-care"):
            assert page.locator(".rt-checklist label").first.is_visible()


def test_reduced_motion_is_respected(browser, server):
    ctx = browser.new_context(reduced_motion="reduce")
    page = ctx.new_page()
    page.goto(server + "chapters/beneficence/")
    duration = page.evaluate("getComputedStyle(document.querySelector('.md-header')).transitionDuration")
    assert all(float(d.rstrip("s")) <= 0.0001 for d in duration.split(","))
    ctx.close()


def test_every_page_makes_no_request_to_another_host_and_sets_no_cookie(browser, site, server):
    ctx = browser.new_context()
    requests = []
    own_requests_only(ctx, requests)
    page = ctx.new_page()
    for url in every_page(site):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    page.goto(server + "workbook/boundaries/")
    page.click("label[for='boundaries-gifts-box']")
    page.click("h1")  # move focus off the checkbox: the theme's "/" shortcut ignores form fields
    page.keyboard.press("/")
    page.keyboard.type("care")
    page.wait_for_selector(".md-search-result__item")
    assert len(requests) > len(every_page(site))
    assert foreign(requests) == []
    assert ctx.cookies() == []
    assert page.evaluate("document.cookie") == ""
    ctx.close()


def test_every_page_carries_a_strict_content_security_policy(site):
    for url in every_page(site):
        html = site.html(url)
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, url
        directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
        assert directives["default-src"] == "'self'"
        assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
        assert directives["object-src"] == "'none'"
        assert html.index("Content-Security-Policy") < html.index("<script")


def test_the_policy_blocks_nothing_the_site_needs(context, server):
    page = context.new_page()
    page.add_init_script("""window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));""")
    page.goto(server + "workbook/boundaries/")
    page.click("label[for='boundaries-gifts-box']")
    page.click("h1")
    page.keyboard.press("/")
    page.keyboard.type("gifts")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    page.click("a.md-nav__link[href$='chapters/relationship/']")
    page.wait_for_url("**/chapters/relationship/")
    page.goto(server + "workbook/")
    with page.expect_download():
        page.click("[data-rt-action=export-json]")
    assert page.evaluate("window.cspViolations") == []


def test_pages_have_descriptions_canonical_links_and_titles(site):
    descriptions = set()
    for url in site.pages():
        soup = site.page(url)
        description = soup.select_one("meta[name=description]")
        assert description and len(description["content"]) > 40, url
        descriptions.add(description["content"])
        assert soup.select_one("link[rel=canonical]")["href"] == site.url + url
        title = soup.title.get_text()
        assert title.endswith("The Reflective Therapist")
        if url and url != "print_page/":  # the printable workbook opens with its table of contents
            heading = soup.select_one("article h1").get_text().replace("¶", "").strip()
            assert title.startswith(heading), (title, heading)
    assert len(descriptions) == len(site.pages()), "every page describes itself"
    assert site.page("workbook/boundaries/").title.get_text() == "Boundaries · Workbook · The Reflective Therapist"


def test_sitemap_lists_every_page(site):
    locs = {el.text for el in ET.parse(site.root / "sitemap.xml").getroot().iter() if el.tag.endswith("loc")}
    assert locs == {site.url + url for url in site.pages() if url != "print_page/"}


def test_the_404_page_helps(site):
    soup = site.page("404.html")
    assert "Page not found" in soup.title.get_text()
    links = [a["href"] for a in soup.select("article a")]
    assert site.url in links and site.url + "workbook/" in links
