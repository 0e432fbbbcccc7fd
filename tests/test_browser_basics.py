"""What only a browser shows: checklists work without JavaScript."""


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
