"""What only a browser shows: checklists work without JavaScript."""

from conftest import wait_until

def test_ticking_works_without_javascript(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "workbook/boundaries/")
    box = page.locator("#boundaries-gifts-box")
    assert not box.is_checked()
    page.click("label[for='boundaries-gifts-box']")  # the whole label is the click target
    assert box.is_checked()
    page.keyboard.press("Tab")
    page.focus("#boundaries-fees-box")
    page.keyboard.press("Space")
    assert page.locator("#boundaries-fees-box").is_checked()
    ctx.close()


def test_item_link_scrolls_to_the_item(context, server):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "workbook/self-care/#self-care-leave")
    item = page.locator("#self-care-leave")
    box = item.bounding_box()
    assert box is not None and 0 <= box["y"] < 800


def test_search_finds_checklist_items_and_glossary_terms(context, server):
    page = context.new_page()
    page.goto(server)
    page.keyboard.press("/")  # Material's keyboard shortcut opens search
    page.keyboard.type("gifts")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("workbook/boundaries/" in h or "chapters/genuine-care/" in h for h in hrefs)
    page.keyboard.press("Control+A")
    page.keyboard.type("vicarious trauma")
    wait_until(page, "() => [...document.querySelectorAll('.md-search-result__item a')]"
                           ".some(a => a.href.includes('glossary/'))")


def test_glossary_term_shows_its_definition(context, server):
    page = context.new_page()
    page.goto(server + "chapters/self-care/")
    abbr = page.locator("article abbr", has_text="burnout").first
    assert "emotional exhaustion" in abbr.get_attribute("title")


def test_copy_link_gives_the_permanent_address(context, server):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "chapters/genuine-care/")
    for selector, anchor in (("#objective-crossings-violations", "objective-crossings-violations"),
                             ("#question-let-down", "question-let-down"),
                             ("#checklist-boundaries", "checklist-boundaries"),
                             ("#boundaries-gifts", "boundaries-gifts")):
        button = page.locator(f"{selector} > .rt-copy")
        # WCAG 2.5.3 (label in name): the accessible name starts with the visible text.
        name = button.get_attribute("aria-label")
        assert name.startswith(button.inner_text()) and name.startswith("Copy link to this"), name
        button.click()
        wait_until(page, f"document.getElementById('rt-announce').textContent.endsWith('#{anchor}')")
        assert page.evaluate("navigator.clipboard.readText()") == f"{server}chapters/genuine-care/#{anchor}"


def test_retired_item_links_still_land_on_the_checklist(site):
    import yaml
    from conftest import ROOT

    for path in (ROOT / "docs" / "workbook").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for old in data.get("retired", []):
            assert site.page(f"workbook/{data['id']}/").find(id=f"{data['id']}-{old}") is not None
