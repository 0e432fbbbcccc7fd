"""The real site, built into a temporary folder: checklists, pages and the index."""

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build

DATA = sorted((ROOT / "docs" / "workbook").glob("*.yml"))


def checklist_data(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = data.get("groups") or [{"items": data["items"]}]
    data["all_items"] = [item for group in groups for item in group["items"]]
    return data


def test_the_four_named_checklists_exist():
    assert {p.stem for p in DATA} >= {"safe-space", "tailoring", "boundaries", "self-care"}


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_checklist_page_has_every_item_as_a_labelled_checkbox(site, path):
    data = checklist_data(path)
    article = site.article(f"workbook/{data['id']}/")
    assert article.select_one("h1")["id"] == f"checklist-{data['id']}"
    assert article.select_one("h1").get_text().startswith(data["title"])
    boxes = article.select("input[type=checkbox]")
    assert len(boxes) == len(data["all_items"]) and 8 <= len(boxes) <= 15
    for item in data["all_items"]:
        anchor = f"{data['id']}-{item['id']}"
        li = article.find(id=anchor)
        assert li is not None, anchor
        box = li.select_one("input[type=checkbox]")
        label = article.select_one(f"label[for='{box['id']}']")
        assert label is not None and " ".join(label.get_text().split()) == " ".join(item["prompt"].split())
        assert box.find_parent("fieldset") is not None
    legend = article.select_one("fieldset > legend")
    assert legend.get_text() == data["title"]


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_checklist_page_links_to_its_chapter(site, path):
    data = checklist_data(path)
    chapter_url = data["chapter"].removesuffix(".md") + "/"
    hrefs = [a["href"] for a in site.article(f"workbook/{data['id']}/").select(".rt-checklist__meta a")]
    assert f"../../{chapter_url}" in hrefs


def test_self_care_is_grouped_by_domain(site):
    article = site.article("workbook/self-care/")
    legends = [f.find("legend").get_text() for f in article.select("fieldset.rt-checklist__group")]
    assert legends[:5] == ["Body", "Emotions", "Relationships", "Work and caseload", "Supervision and own therapy"]
    assert "Warning signs" in legends


def test_workbook_index_lists_every_checklist(site):
    article = site.article("workbook/")
    links = {a["href"] for a in article.select("h2 > a:not(.headerlink)")}
    assert links == {f"{p.stem}/" for p in DATA}


def test_nav_lists_every_checklist_page(site):
    nav = {a["href"] for a in site.page("").select("nav.md-nav--primary a")}
    for path in DATA:
        assert f"workbook/{path.stem}/" in nav


def test_beneficence_chapter_embeds_its_checklists(site):
    article = site.article("chapters/beneficence/")
    for cid in ("safe-space", "tailoring"):
        assert article.select_one(f"h3#checklist-{cid}") is not None
        assert article.select_one(f"input#{cid}-{checklist_data(ROOT / 'docs/workbook' / f'{cid}.yml')['all_items'][0]['id']}-box")
        assert article.select_one(f"a[href='../../workbook/{cid}/']") is not None


def test_no_unrendered_template_syntax_or_macro_errors(site):
    for url in site.pages():
        html = site.html(url)
        for leftover in ("{{", "{%", "Macro Rendering Error", "_Macro"):
            assert leftover not in html, f"{leftover!r} left in {url or 'home'}"


def test_checklist_data_is_not_published(site):
    assert not list(site.root.rglob("*.yml"))
    assert not list(site.root.rglob("*.schema.json"))


def test_no_request_to_font_or_cdn_hosts(site):
    for url in site.pages():
        html = site.html(url)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, url


def test_undefined_variable_stops_the_build(tiny_project, tmp_path):
    from conftest import fixture_checklist

    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")},
                          pages={"index.md": "# Tiny\n\n{{ no_such_variable }}\n"})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "no_such_variable" in result.stderr


def test_broken_anchor_stops_the_build(tiny_project, tmp_path):
    from conftest import fixture_checklist

    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")},
                          pages={"index.md": "# Tiny\n\n[item](workbook/sample.md#sample-missing)\n"})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "sample-missing" in result.stderr


def test_item_anchor_links_resolve(tiny_project, tmp_path):
    from conftest import fixture_checklist

    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")},
                          pages={"index.md": "# Tiny\n\n[item](workbook/sample.md#sample-second)\n"})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr


def test_printable_workbook_holds_every_chapter_with_blank_checklists(site):
    page = site.page("print_page/")
    text = page.get_text(" ")
    for chapter in sorted((ROOT / "docs" / "chapters").glob("*.md")):
        title = next(line[2:].strip() for line in chapter.read_text(encoding="utf-8").splitlines()
                     if line.startswith("# "))
        assert title in text, f"{chapter.name} is missing from the printable workbook"
    boxes = page.select("#print-site-page input[type=checkbox]")
    embedded = sum(len(site.article(f"chapters/{c.stem}/").select("input[type=checkbox]"))
                   for c in (ROOT / "docs" / "chapters").glob("*.md"))
    assert len(boxes) == embedded and not any(box.has_attr("checked") for box in boxes)
    assert not page.select("#print-site-page textarea, #print-site-page .rt-tools")  # blank: nothing to type into
    ids = [el["id"] for el in page.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids on the printable workbook"


def test_only_the_printable_workbook_loads_the_print_plugin_assets(site):
    assert "print-site.js" in site.html("print_page/")
    for url in site.pages():
        if url != "print_page/":
            assert "print-site" not in site.html(url), url
