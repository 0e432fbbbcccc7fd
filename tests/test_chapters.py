"""The book's structure, checked on the built site: every chapter keeps its shape,
the glossary defines each term once, citations match further reading, search finds things."""

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CHAPTERS = sorted(p.stem for p in (ROOT / "docs" / "chapters").glob("*.md"))
GLOSSARY = yaml.safe_load((ROOT / "docs" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
REFERENCES = ROOT.parent / "shared" / "REFERENCES.md"
ORGS = {"ACA": "American Counseling Association", "APA": "American Psychological Association",
        "NASW": "National Association of Social Workers",
        "BACP": "British Association for Counselling and Psychotherapy"}
CITATION = re.compile(r"([A-Z][\w'’-]+)(?: et al\.)?(?: \((\d{4})\)|, (\d{4})\))")


def section(article, title):
    """The elements between the h2 with this title and the next h2."""
    heading = next((h for h in article.find_all("h2") if h.get_text().strip().startswith(title)), None)
    assert heading is not None, f"no '{title}' section"
    out = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


def test_there_are_five_chapters_in_the_nav(site):
    assert len(CHAPTERS) >= 5
    nav = {a["href"] for a in site.page("").select("nav.md-nav--primary a")}
    for name in CHAPTERS:
        assert f"chapters/{name}/" in nav


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_has_the_chapter_shape(site, name):
    article = site.article(f"chapters/{name}/")
    assert article.select_one(".admonition.abstract"), "summary"
    objectives = article.select("li[id^='objective-']")
    assert 3 <= len(objectives) <= 5, "3-5 learning objectives, each with an anchor"
    assert len(article.select("li[id^='question-']")) >= 3, "reflection questions with anchors"
    assert article.select_one(".admonition.example"), "an 'in practice' vignette"
    assert "fictional" in article.select_one(".admonition.example").get_text()
    for title in ("Learning objectives", "Core ideas", "In practice", "Common pitfalls",
                  "Reflection questions", "Reflection checklist", "Key points", "Further reading"):
        section(article, title)
    checklists = [e for el in section(article, "Reflection checklist") for e in el.select(".rt-checklist")] + \
        [el for el in section(article, "Reflection checklist") if "rt-checklist" in (el.get("class") or [])]
    assert checklists, "at least one embedded checklist"
    reading = [li for el in section(article, "Further reading") for li in el.select("li")]
    assert len(reading) >= 3


@pytest.mark.parametrize("name", CHAPTERS)
def test_objective_and_question_anchors_are_unique_slugs(site, name):
    article = site.article(f"chapters/{name}/")
    ids = [el["id"] for el in article.select("[id^='objective-'], [id^='question-']")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"(objective|question)-[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_cited_work_is_in_further_reading(site, name):
    article = site.article(f"chapters/{name}/")
    reading = [li.get_text(" ") for el in section(article, "Further reading") for li in el.select("li")]
    body = article.get_text(" ").split("Further reading")[0]
    cited = {(m.group(1), m.group(2) or m.group(3)) for m in CITATION.finditer(body)}
    assert cited, "the chapter cites its sources"
    for author, year in cited:
        author = ORGS.get(author, author)
        assert any(author in entry and f"({year}" in entry for entry in reading), \
            f"{author} ({year}) is cited but not in further reading"


@pytest.mark.skipif(not REFERENCES.exists(), reason="../shared/REFERENCES.md (the vetted list) is not beside the checkout")
@pytest.mark.parametrize("name", CHAPTERS)
def test_further_reading_comes_from_the_vetted_list(site, name):
    vetted = REFERENCES.read_text(encoding="utf-8")
    article = site.article(f"chapters/{name}/")
    for el in section(article, "Further reading"):
        for li in el.select("li"):
            text = " ".join(li.get_text(" ").split())
            first_author = text.split(",")[0].split(".")[0]
            year = re.search(r"\((\d{4})\)", text).group(1)
            assert re.search(re.escape(first_author) + r"[^\n]*\(" + year, vetted), text


def test_every_glossary_term_is_defined_exactly_once(site):
    names = [t["term"].lower() for t in GLOSSARY]
    assert len(names) == len(set(names))
    article = site.article("glossary/")
    terms = [dt.get_text().strip().lower() for dt in article.select("dl dt")]
    assert sorted(terms) == sorted(names)
    for term in GLOSSARY:
        dt = article.select(f"dt#{re.sub(r'[^a-z0-9]+', '-', term['term'].lower())}")
        assert len(dt) == 1
        assert dt[0].find_next_sibling("dd").get_text().strip() == " ".join(term["definition"].split())


def test_glossary_terms_have_hover_definitions_in_the_chapters(site):
    titles = {}
    for name in CHAPTERS:
        for abbr in site.article(f"chapters/{name}/").select("abbr[title]"):
            titles.setdefault(abbr.get_text().lower(), abbr["title"])
    for term in GLOSSARY:
        forms = [term["term"], *term.get("also", [])]
        found = [f for f in forms if f.lower() in titles]
        assert found, f"'{term['term']}' never appears in a chapter"
        assert titles[found[0].lower()] == " ".join(term["definition"].split())
    assert site.article("glossary/").select("abbr") == []


def test_search_index_holds_chapters_checklist_items_and_glossary(site):
    docs = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    def found(words, where):
        return any(words in " ".join(d["text"].split()) and d["location"].startswith(where) for d in docs)
    assert found("I have a considered approach to gifts", "workbook/boundaries/")
    assert found("I have a considered approach to gifts", "chapters/genuine-care/")
    assert found("Lasting changes in a helper", "glossary/")
    assert found("emotional exhaustion", "chapters/self-care/")
