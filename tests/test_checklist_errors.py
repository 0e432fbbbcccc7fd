"""Bad checklist data stops the build with a message naming the file, the checklist,
the field and the fix; data is always escaped. One tiny project per scenario."""

import pytest
from bs4 import BeautifulSoup

from conftest import fixture_checklist, mkdocs_build

FILE = "docs/workbook/sample.yml"

BAD_INPUTS = {
    "malformed.yml": [FILE, "not valid YAML at line 8", "Fix:"],
    "duplicate-item.yml": [FILE, "checklist 'sample'", "field 'items[1].id'", "'first' is used twice",
                           "Fix: give the new item an id of its own"],
    "missing-prompt.yml": [FILE, "checklist 'sample'", "field 'items[1].prompt'", "is missing", "Fix: add 'prompt:'"],
    "missing-title.yml": [FILE, "field 'title'", "is missing", "Fix: add 'title:'"],
    "unknown-field.yml": [FILE, "field 'items[0].promt'", "not a known field", "id, prompt, hint"],
    "bad-id.yml": [FILE, "field 'items[0].id'", "'First Thing' is not in the expected form",
                   "lowercase letters, digits and single hyphens"],
    "empty-items.yml": [FILE, "field 'items'", "it is empty", "Fix:"],
    "wrong-type.yml": [FILE, "field 'items[0].prompt'", "expected string, found int 42", "Fix: One observable thing"],
    "id-mismatch.yml": [FILE, "checklist 'another'", "field 'id'", "differs from the file name",
                        "Fix: name the file 'another.yml' or set 'id: sample'"],
    "retired-reused.yml": [FILE, "field 'items[0].id'", "'old' is retired", "Fix: choose a new id"],
    "duplicate-key.yml": [FILE, "not valid YAML at line 3", "'title' is written twice"],
    "missing-chapter.yml": [FILE, "field 'chapter'", "no page 'chapters/nowhere.md'", "Fix: give the related chapter's path"],
    "items-and-groups.yml": [FILE, "either 'items' or 'groups'", "Fix:"],
}


@pytest.mark.parametrize("fixture", sorted(BAD_INPUTS))
def test_bad_checklist_stops_the_build_with_a_clear_message(tiny_project, tmp_path, fixture):
    config = tiny_project({"sample.yml": fixture_checklist(fixture)})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0, f"{fixture} built without error:\n{result.stderr}"
    for fragment in BAD_INPUTS[fixture]:
        assert fragment in result.stderr, f"{fixture}: {fragment!r} not in:\n{result.stderr}"
    assert not (tmp_path / "site" / "chapters" / "chapter" / "index.html").exists()


def test_unknown_checklist_id_stops_the_build_and_lists_the_ids(tiny_project, tmp_path):
    config = tiny_project(
        {"sample.yml": fixture_checklist("sample.yml")},
        pages={"chapters/chapter.md": '# A chapter\n\n{{ checklist("boundries") }}\n'},
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "chapters/chapter.md: checklist('boundries') names no checklist" in result.stderr
    assert "Fix: use one of: sample" in result.stderr


def test_checklist_embedded_twice_on_a_page_stops_the_build(tiny_project, tmp_path):
    config = tiny_project(
        {"sample.yml": fixture_checklist("sample.yml")},
        pages={"chapters/chapter.md": '# A chapter\n\n{{ checklist("sample") }}\n\n{{ checklist("sample") }}\n'},
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "appears twice on this page" in result.stderr


def test_markup_in_data_is_shown_as_text(tiny_project, tmp_path):
    config = tiny_project({"sample.yml": fixture_checklist("markup.yml")})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "workbook" / "sample" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article.find("script") is None
    assert article.find("img") is None
    assert article.find("b") is None
    assert article.find("em") is None
    label = article.select_one("label[for='sample-first-box']")
    assert label.get_text() == 'I explain <script>alert("x")</script> & more.'
    assert article.select_one("#sample-first-hint").get_text() == "<b>bold</b> [link](https://example.com)"
    heading = article.select_one("h1")
    assert heading["id"] == "checklist-sample"
    assert heading.get_text().startswith("Sample <em>title</em> {#hijack}")
    assert "*stars*" in article.get_text()


def test_a_valid_tiny_project_builds(tiny_project, tmp_path):
    config = tiny_project({"sample.yml": fixture_checklist("sample.yml")})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "workbook" / "sample" / "index.html").is_file()
    assert not (tmp_path / "site" / "workbook" / "sample.yml").exists()
    assert not (tmp_path / "site" / "workbook" / "checklist.schema.json").exists()


def test_groups_render_as_fieldsets_with_legends(tiny_project, tmp_path):
    config = tiny_project({"sample.yml": fixture_checklist("grouped.yml")})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "workbook" / "sample" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    groups = article.select("fieldset.rt-checklist__group")
    assert [g["id"] for g in groups] == ["sample-body", "sample-work"]
    assert [g.find("legend").get_text() for g in groups] == ["Body", "Work and caseload"]
    assert groups[0].select_one("#sample-sleep input[type=checkbox]") is not None


def test_adding_a_file_adds_a_page_an_index_entry_and_a_nav_entry(tiny_project, tmp_path):
    extra = fixture_checklist("sample.yml").replace("id: sample", "id: extra").replace("title: Sample", "title: Extra")
    config = tiny_project({"sample.yml": fixture_checklist("sample.yml"), "extra.yml": extra})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "site" / "workbook" / "extra" / "index.html").read_text(), "html.parser")
    assert page.select_one("h1").get_text().startswith("Extra")
    index = BeautifulSoup((tmp_path / "site" / "workbook" / "index.html").read_text(), "html.parser")
    assert [a["href"] for a in index.select("article h2 > a:not(.headerlink)")] == ["extra/", "sample/"]
    nav_links = {a["href"] for a in index.select("nav.md-nav--primary a")}
    assert {"extra/", "sample/"} <= nav_links
