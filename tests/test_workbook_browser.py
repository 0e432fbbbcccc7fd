"""The workbook in a real browser: saved answers, notes, check-ins, export and import,
storage failures, print. Every test runs in a fresh profile and fails on any request
to a host other than the site's own (see the `context` fixture)."""

import json
import re

import pytest

from conftest import fixture_checklist, mkdocs_build, serve, wait_until

KEY = "reflective-therapist/workbook"
ASIDE = KEY + "/set-aside"


def stored(page):
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    return json.loads(raw) if raw else None


def tick(page, anchor):
    page.click(f"label[for='{anchor}-box']")


def status(page, scope=".rt-status"):
    wait_until(page, f"document.querySelector('{scope}').textContent.length > 0")
    return page.inner_text(scope)


@pytest.fixture
def page(context):
    return context.new_page()


def test_tick_and_reload_keeps_the_tick(page, server):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.reload()
    assert page.is_checked("#boundaries-gifts-box")
    assert not page.is_checked("#boundaries-fees-box")
    assert stored(page)["checklists"]["boundaries"]["items"]["gifts"]["checked"] is True
    assert stored(page)["version"] == 1


def test_notes_are_saved_per_item_and_per_checklist(page, server):
    page.goto(server + "workbook/boundaries/")
    page.click("#boundaries-fees summary")
    page.fill("#boundaries-fees-note", "Write down the sliding scale.")
    page.fill("#checklist-boundaries-note", "Talk to my supervisor about gifts.")
    wait_until(page, f"(localStorage.getItem('{KEY}') || '').includes('supervisor')")
    page.reload()
    assert page.input_value("#boundaries-fees-note") == "Write down the sliding scale."
    assert page.input_value("#checklist-boundaries-note") == "Talk to my supervisor about gifts."
    assert page.locator("#boundaries-fees details").get_attribute("open") is not None


def test_answers_survive_instant_navigation_and_are_shared_with_the_chapter(page, server):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-touch")
    page.evaluate("() => { window.sameDocument = true; }")
    page.click("a.md-nav__link[href$='chapters/genuine-care/']")  # instant navigation, no reload
    page.wait_for_url("**/chapters/genuine-care/")
    page.wait_for_selector("#boundaries-touch-box")
    assert page.evaluate("window.sameDocument === true"), "Material's instant navigation was not used"
    assert page.is_checked("#boundaries-touch-box")
    tick(page, "boundaries-records")
    page.go_back()
    page.wait_for_url("**/workbook/boundaries/")
    assert page.is_checked("#boundaries-records-box")
    assert page.is_checked("#boundaries-touch-box")


def test_progress_shows_on_the_checklist_and_the_index(page, server):
    page.goto(server + "workbook/safe-space/")
    assert page.inner_text("[data-rt-progress='safe-space']") == "Not started yet."
    tick(page, "safe-space-private-room")
    tick(page, "safe-space-access-needs")
    assert page.inner_text("[data-rt-progress='safe-space']").startswith("Reflected on 2 of 12 items, last on")
    page.goto(server + "workbook/")
    assert page.inner_text("[data-rt-progress='safe-space']").startswith("Reflected on 2 of 12 items")
    assert page.inner_text("[data-rt-progress='boundaries']") == "Not started yet."


def test_dated_check_in_lists_and_shows_what_changed(page, server):
    page.goto(server + "workbook/self-care/")
    tick(page, "self-care-breaks")
    page.click("#checklist-self-care ~ .rt-checklist [data-rt-action=checkin], [data-rt-action=checkin]")
    assert "Check-in saved" in status(page)
    tick(page, "self-care-leave")
    tick(page, "self-care-breaks")
    page.reload()
    page.click(".rt-checkins summary")
    assert page.locator(".rt-checkins__list li").count() == 1
    page.click("text=What has changed since?")
    text = status(page)
    assert "Newly ticked: I take my leave" in text
    assert "No longer ticked: I have a real break" in text


def test_export_clear_import_gives_back_the_same_answers(page, server, tmp_path):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.fill("#checklist-boundaries-note", "A note.")
    wait_until(page, f"(localStorage.getItem('{KEY}') || '').includes('A note.')")
    page.goto(server + "workbook/")
    with page.expect_download() as download:
        page.click(".rt-workbook-tools [data-rt-action=export-json]")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert re.fullmatch(r"reflective-therapist-answers-\d{4}-\d{2}-\d{2}\.json", exported.name)
    doc = json.loads(exported.read_text())
    assert doc["format"] == "reflective-therapist-workbook" and doc["version"] == 1
    before = stored(page)["checklists"]
    assert "You last exported your answers on" in page.inner_text(".rt-workbook-tools [data-rt-last-export]")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-rt-action=clear]")
    assert "cleared" in status(page)
    assert stored(page)["checklists"] == {}

    page.set_input_files("[data-rt-import]", str(exported))
    assert "Imported answers for 1 checklists" in status(page)
    assert stored(page)["checklists"] == before
    page.goto(server + "workbook/boundaries/")
    assert page.is_checked("#boundaries-gifts-box")
    assert page.input_value("#checklist-boundaries-note") == "A note."


def test_markdown_summary_is_readable(page, server):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.goto(server + "workbook/")
    with page.expect_download() as download:
        page.click("[data-rt-action=export-md]")
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("# My reflections: The Reflective Therapist")
    assert "## Boundaries" in text
    assert "- [x] I have a considered approach to gifts" in text
    assert "- [ ] My fees, cancellation terms" in text
    assert "## Safe space" not in text  # untouched checklists are left out


def test_clear_asks_first_and_keeps_answers_when_declined(page, server):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.goto(server + "workbook/")
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.click("[data-rt-action=clear]")
    assert "Nothing was cleared" in status(page)
    assert messages and "cannot be undone" in messages[0]
    assert stored(page)["checklists"]["boundaries"]["items"]["gifts"]["checked"] is True


VALID = {"format": "reflective-therapist-workbook", "version": 1, "lastExport": None,
         "checklists": {"safe-space": {"items": {"pacing-x": {"checked": True}}, "note": "", "checkins": []}}}

BAD_IMPORTS = {
    "notes.txt": ("plain text", "not a JSON export"),
    "broken.json": ('{"format": "reflective-therapist-workbook", "version": 1, "checkl', "damaged or incomplete"),
    "other.json": (json.dumps({"hello": "world"}), "not a Reflective Therapist workbook export"),
    "future.json": (json.dumps({**VALID, "version": 99}), "format version 99"),
    "damaged.json": (json.dumps({**VALID, "checklists": {"boundaries": {"items": {"gifts": {"checked": "yes"}}}}}),
                     "answers for \"boundaries\" are damaged"),
    "huge.json": (json.dumps({**VALID, "padding": "x" * (1024 * 1024 + 10)}), "larger than any export"),
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTS))
def test_bad_import_is_refused_and_answers_are_untouched(page, server, tmp_path, name):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.goto(server + "workbook/")
    before = stored(page)
    content, message = BAD_IMPORTS[name]
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    page.set_input_files("[data-rt-import]", str(bad))
    text = status(page)
    assert "That file was not imported" in text and message in text
    assert "Your current answers are unchanged" in text
    assert stored(page) == before


def test_import_over_existing_answers_asks_first(page, server, tmp_path):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.goto(server + "workbook/")
    before = stored(page)
    good = tmp_path / "answers.json"
    good.write_text(json.dumps(VALID), encoding="utf-8")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.set_input_files("[data-rt-import]", str(good))
    assert "Import cancelled" in status(page)
    assert stored(page) == before
    page.once("dialog", lambda dialog: dialog.accept())
    page.set_input_files("[data-rt-import]", str(good))
    wait_until(page, "document.querySelector('.rt-status').textContent.startsWith('Imported')")
    assert stored(page)["checklists"] == VALID["checklists"]


BLOCKED_STORAGE = {
    # Chrome with site data blocked: merely reading window.localStorage throws.
    "property": """Object.defineProperty(window, "localStorage", {
        get() { throw new DOMException("blocked", "SecurityError"); } });""",
    # Other private modes: the object exists but every call throws.
    "methods": """for (const name of ["getItem", "setItem", "removeItem"]) {
        Storage.prototype[name] = function () { throw new DOMException("blocked", "SecurityError"); }; }""",
}


def our_errors(errors):
    """Uncaught errors raised in the workbook's own script (the theme's are not ours to fix)."""
    return [e for e in errors if "workbook.js" in (e.stack or "")]


@pytest.mark.parametrize("how", sorted(BLOCKED_STORAGE))
def test_storage_that_throws_leaves_a_working_page_and_a_polite_notice(page, server, how):
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.add_init_script(BLOCKED_STORAGE[how])
    page.goto(server + "workbook/boundaries/")
    assert "not letting the site save anything" in page.inner_text(".rt-notice")
    tick(page, "boundaries-gifts")
    assert page.is_checked("#boundaries-gifts-box")
    assert page.inner_text("[data-rt-progress='boundaries']").startswith("Reflected on 1 of 13")
    page.click("a.md-nav__link[href$='workbook/safe-space/']")
    page.wait_for_url("**/workbook/safe-space/")
    page.go_back()
    page.wait_for_url("**/workbook/boundaries/")
    assert page.is_checked("#boundaries-gifts-box"), "ticks last for the visit"
    assert our_errors(errors) == []


def test_full_storage_mid_visit_gives_a_notice(page, server):
    page.goto(server + "workbook/boundaries/")
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("full", "QuotaExceededError"); }; }""")
    tick(page, "boundaries-gifts")
    assert "can no longer be saved" in page.inner_text(".rt-notice")
    assert page.is_checked("#boundaries-gifts-box")


@pytest.mark.parametrize("raw", ['{"format": "reflective-therapist-workbook", "vers', json.dumps({**VALID, "version": 7})],
                         ids=["corrupted", "unknown-version"])
def test_unusable_stored_data_is_kept_aside_and_the_workbook_starts_clean(page, server, raw):
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(server + "404.html")
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [KEY, raw])
    page.goto(server + "workbook/boundaries/")
    assert "kept aside, not deleted" in page.inner_text(".rt-notice")
    assert page.evaluate(f"localStorage.getItem('{ASIDE}')") == raw
    tick(page, "boundaries-gifts")
    assert stored(page)["checklists"]["boundaries"]["items"]["gifts"]["checked"] is True
    page.goto(server + "workbook/")
    with page.expect_download() as download:
        page.click("text=Download the set-aside answers")
    assert open(download.value.path(), encoding="utf-8").read() == raw
    assert errors == []


def test_answers_to_removed_items_are_kept_and_exported(page, server):
    page.goto(server + "404.html")
    doc = {**VALID, "checklists": {"boundaries": {"items": {"retired-item": {"checked": True, "note": "old"},
                                                            "gifts": {"checked": True}},
                                                  "note": "", "checkins": []}}}
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [KEY, json.dumps(doc)])
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-fees")
    assert stored(page)["checklists"]["boundaries"]["items"]["retired-item"] == {"checked": True, "note": "old"}
    assert page.inner_text("[data-rt-progress='boundaries']").startswith("Reflected on 2 of 13")
    page.goto(server + "workbook/")
    with page.expect_download() as download:
        page.click("[data-rt-action=export-md]")
    assert "(no longer in the checklist: retired-item)" in open(download.value.path(), encoding="utf-8").read()


def test_editing_and_reordering_items_in_the_data_keeps_answers(browser, tiny_project, tmp_path):
    reordered = fixture_checklist("sample.yml").replace(
        "  - id: first\n    prompt: I do the first thing.\n", "").replace(
        "    hint: A hint.\n", "    hint: A hint.\n  - id: first\n    prompt: I now word the first thing differently.\n")
    assert reordered.index("id: second") < reordered.index("id: first")
    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")})
    site_dir = tmp_path / "site"
    assert mkdocs_build(config, site_dir).returncode == 0
    ctx = browser.new_context()
    try:
        with serve(site_dir) as url:
            page = ctx.new_page()
            page.goto(url + "workbook/sample/")
            tick(page, "sample-first")
            (config.parent / "docs" / "workbook" / "sample.yml").write_text(reordered, encoding="utf-8")
            result = mkdocs_build(config, site_dir)
            assert result.returncode == 0, result.stderr
            page.reload()
            assert page.inner_text("label[for='sample-first-box']") == "I now word the first thing differently."
            assert page.is_checked("#sample-first-box")
            assert not page.is_checked("#sample-second-box")
    finally:
        ctx.close()


def test_print_gives_a_clean_worksheet(page, server):
    page.goto(server + "workbook/boundaries/")
    tick(page, "boundaries-gifts")
    page.fill("#checklist-boundaries-note", "Printed note.")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".rt-tools"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    assert page.locator(".rt-print-fill").is_visible()
    assert page.locator(".rt-print-url").is_visible()
    assert "/workbook/boundaries/" in page.inner_text(".rt-print-url")
    assert page.locator("#boundaries-gifts-box").is_visible() and page.is_checked("#boundaries-gifts-box")
    assert page.locator("#boundaries-fees-box").is_visible() and not page.is_checked("#boundaries-fees-box")
    assert page.locator(".rt-checklist__notes .rt-print-note").inner_text() == "Printed note."
    assert page.locator(".rt-print-lines").is_visible()
    assert page.locator("details.rt-item-note").first.get_attribute("open") is not None
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_print_of_the_workbook_index_hides_the_tools(page, server):
    page.goto(server + "workbook/")
    page.emulate_media(media="print")
    assert not page.locator(".rt-workbook-tools").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("h1").is_visible()


def test_workbook_controls_are_buttons_and_announce_status(page, server):
    page.goto(server + "workbook/")
    for action in ("export-json", "export-md", "clear"):
        assert page.locator(f".rt-workbook-tools [data-rt-action={action}]").evaluate("e => e.tagName") == "BUTTON"
    assert page.get_attribute(".rt-workbook-tools .rt-status", "aria-live") == "polite"
    assert page.locator("label[for='rt-import-file']").is_visible()
    page.goto(server + "workbook/boundaries/")
    page.focus("#boundaries-gifts-box")
    page.keyboard.press("Space")
    assert page.is_checked("#boundaries-gifts-box")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('rt-copy')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "boundaries-gifts-note"
