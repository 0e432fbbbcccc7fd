"""Macros for The Reflective Therapist: checklists and the glossary, rendered from YAML data.

Each checklist is one file, ``docs/workbook/<id>.yml``, checked against
``docs/workbook/checklist.schema.json`` and a few rules a schema cannot express
(unique ids, retired ids, the related chapter exists). The glossary is
``docs/glossary.yml``: each term is defined there once, listed on the glossary page
and shown as a hover definition (a Markdown abbreviation) wherever it appears.
Bad data stops the build with a message naming the file, the entry, the field and the fix.

Data is shaped here; markup lives in the Jinja templates in ``overrides/macros/``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import jinja2
import jsonschema
import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError

DATA_DIR = "workbook"
SCHEMA_FILE = "checklist.schema.json"
GLOSSARY_FILE = "glossary.yml"
GLOSSARY_PAGE = "glossary.md"
TEMPLATE_DIR = "macros"

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


class DataError(PluginError):
    """A data file is wrong; the message says where and how to fix it."""

    kind = "entry"

    def __init__(self, path: Path, name: str | None, field: str | None, problem: str, fix: str):
        where = f"{path}"
        if name:
            where += f": {self.kind} '{name}'"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}\n  Fix: {fix}")


class ChecklistError(DataError):
    kind = "checklist"


class GlossaryError(DataError):
    kind = "term"


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (LibYAML's when PyYAML has it: several times faster) that refuses a key
    written twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is written twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def md_text(value: str) -> Markup:
    """Escape data for use as plain text inside Markdown (HTML first, then Markdown syntax)."""
    return Markup(MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)))


def _field_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _schema_error(path: Path, data, error: jsonschema.ValidationError) -> ChecklistError:
    """Turn the first schema error into a message a contributor can act on."""
    checklist = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    field = _field_path(error.absolute_path)
    described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    kind = error.validator
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "?"
        sub = error.schema.get("properties", {}).get(name, {})
        full = f"{field}.{name}" if error.absolute_path else name
        return ChecklistError(path, checklist, full, f"the field '{name}' is missing.",
                              f"add '{name}:'. {sub.get('description', '')}".strip())
    if kind == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = re.findall(r"'([^']+)'", error.message)
        name = extra[0] if extra else "?"
        full = f"{field}.{name}" if error.absolute_path else name
        return ChecklistError(path, checklist, full, f"'{name}' is not a known field.",
                              f"remove it or correct its spelling; the fields allowed here are: {allowed}.")
    if kind == "type":
        return ChecklistError(path, checklist, field,
                              f"expected {error.validator_value}, found {type(error.instance).__name__} "
                              f"{json.dumps(error.instance, default=str)[:60]}.",
                              described or f"write a {error.validator_value} here.")
    if kind in ("minItems", "minLength"):
        return ChecklistError(path, checklist, field, "it is empty.",
                              described or "fill it in, or remove the field if it is optional.")
    if kind == "maxLength":
        return ChecklistError(path, checklist, field,
                              f"it is longer than {error.validator_value} characters.",
                              described or "shorten it.")
    if kind == "pattern":
        return ChecklistError(path, checklist, field, f"{error.instance!r} is not in the expected form.",
                              described or f"match the pattern {error.validator_value}.")
    return ChecklistError(path, checklist, field, error.message, described or "see docs/workbook/checklist.schema.json.")


def _first_heading(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return None


def _shape(path: Path, data: dict, docs_dir: Path) -> dict:
    """Apply the rules the schema cannot express, and shape the data for the templates."""
    cid = data["id"]
    if cid != path.stem:
        raise ChecklistError(path, cid, "id", f"the id '{cid}' differs from the file name '{path.name}'.",
                             f"name the file '{cid}.yml' or set 'id: {path.stem}'. Ids are permanent: "
                             "readers' saved answers are keyed to them.")
    if ("items" in data) == ("groups" in data):
        raise ChecklistError(path, cid, "items", "a checklist has either 'items' or 'groups', not both or neither.",
                             "list the items under 'items:', or split them into 'groups:' that each have 'items:'.")

    chapter_path = docs_dir / data["chapter"]
    if not chapter_path.is_file():
        raise ChecklistError(path, cid, "chapter", f"there is no page '{data['chapter']}' in {docs_dir}.",
                             "give the related chapter's path relative to docs/, such as 'chapters/beneficence.md'.")

    raw_groups = data.get("groups") or [{"id": None, "title": None, "items": data["items"]}]
    retired = set(data.get("retired", []))
    seen: dict[str, str] = {}
    groups = []
    for gi, group in enumerate(raw_groups):
        if group["id"] is not None:
            if group["id"] in seen:
                raise ChecklistError(path, cid, f"groups[{gi}].id", f"the id '{group['id']}' is used twice.",
                                     "give every group and item in a checklist its own id.")
            seen[group["id"]] = f"groups[{gi}].id"
        items = []
        for ii, item in enumerate(group["items"]):
            field = (f"groups[{gi}]." if group["id"] else "") + f"items[{ii}].id"
            iid = item["id"]
            if iid in seen:
                raise ChecklistError(path, cid, field, f"the id '{iid}' is used twice (also at {seen[iid]}).",
                                     "give the new item an id of its own. Never reuse or rename an id: "
                                     "readers' saved answers are keyed to it.")
            if iid in retired:
                raise ChecklistError(path, cid, field, f"the id '{iid}' is retired and cannot be used again.",
                                     "choose a new id; a retired id may still hold readers' old answers.")
            seen[iid] = field
            items.append({"id": iid, "anchor": f"{cid}-{iid}", "prompt": item["prompt"],
                          "hint": item.get("hint")})
        groups.append({"id": group["id"], "anchor": f"{cid}-{group['id']}" if group["id"] else None,
                       "title": group["title"], "intro": group.get("intro"), "items": items})

    return {
        "id": cid,
        "title": data["title"],
        "intro": data["intro"],
        "chapter": data["chapter"],
        "chapter_title": _first_heading(chapter_path) or data["chapter"],
        "grouped": "groups" in data,
        "groups": groups,
        "item_count": sum(len(g["items"]) for g in groups),
        "item_ids": [item["id"] for g in groups for item in g["items"]],
        "retired": sorted(retired),
    }


def _read_yaml(path: Path, shown: Path, error: type[DataError]):
    """Parse a data file with a safe loader; a syntax error names the line and column."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(shown, None, None, f"this is not valid YAML{where}: {problem}.",
                    "check the indentation and quoting there; a value that contains ': ' "
                    "or starts with a quote needs to be quoted as a whole.") from None


def load_checklists(docs_dir: Path) -> dict[str, dict]:
    """Read, validate and shape every checklist file, sorted by id."""
    folder = docs_dir / DATA_DIR
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    checklists = {}
    for path in sorted(folder.glob("*.yml")):
        shown = path.relative_to(docs_dir.parent)  # docs/workbook/<id>.yml, as a contributor sees it
        data = _read_yaml(path, shown, ChecklistError)
        if not isinstance(data, dict):
            raise ChecklistError(shown, None, None,
                                 "the file does not hold a checklist (expected fields such as 'id:' and 'items:').",
                                 "start from an existing checklist file; see CONTRIBUTING.md.")
        errors = sorted(validator.iter_errors(data),
                        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
        if errors:
            raise _schema_error(shown, data, errors[0])
        checklists[data["id"]] = _shape(shown, data, docs_dir)
    if not checklists:
        raise PluginError(f"{folder}: no checklist files found.\n  Fix: add at least one <id>.yml; see CONTRIBUTING.md.")
    return checklists


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_glossary(docs_dir: Path) -> list[dict]:
    """Read and check the glossary: every term defined once, in plain text, sorted by term."""
    path = docs_dir / GLOSSARY_FILE
    shown = path.relative_to(docs_dir.parent)
    data = _read_yaml(path, shown, GlossaryError)
    fix_shape = "write 'terms:' followed by entries with 'term:' and 'definition:'; see CONTRIBUTING.md."
    if not isinstance(data, dict) or set(data) != {"terms"} or not isinstance(data["terms"], list) or not data["terms"]:
        raise GlossaryError(shown, None, "terms", "the file must hold one non-empty list named 'terms'.", fix_shape)
    seen: dict[str, str] = {}
    terms = []
    for i, entry in enumerate(data["terms"]):
        name = entry.get("term") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(name, str) or not name.strip():
            raise GlossaryError(shown, None, f"terms[{i}].term", "the entry has no term.", fix_shape)
        unknown = set(entry) - {"term", "definition", "also"}
        if unknown:
            raise GlossaryError(shown, name, f"terms[{i}].{sorted(unknown)[0]}", "this is not a known field.",
                                "use only 'term', 'definition' and 'also' (other forms of the term, such as plurals).")
        definition = entry.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            raise GlossaryError(shown, name, f"terms[{i}].definition", "the definition is missing or empty.",
                                "write a plain-text definition of one or two sentences.")
        if re.search(r"[<>\[\]*_`]", definition):
            raise GlossaryError(shown, name, f"terms[{i}].definition", "the definition contains markup.",
                                "write it as plain text: it is also shown as a hover definition, where markup is not rendered.")
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            raise GlossaryError(shown, name, f"terms[{i}].also", "expected a list of other forms of the term.",
                                "write, for example, 'also: [boundary crossings]'.")
        forms = sorted({v for f in (name, *also) for v in (f, f[:1].upper() + f[1:])})
        for form in {f.lower() for f in forms}:
            if form in seen:
                raise GlossaryError(shown, name, f"terms[{i}]", f"'{form}' is already defined (by '{seen[form]}').",
                                    "define each term once; merge the two entries.")
            seen[form] = name
        terms.append({"term": name, "anchor": slug(name), "definition": " ".join(definition.split()),
                      "forms": forms})
    return sorted(terms, key=lambda t: t["term"].lower())


def abbreviations(glossary: list[dict]) -> str:
    """Markdown abbreviation lines that give every form of every term its hover definition."""
    return "\n".join(f"*[{form}]: {t['definition']}" for t in glossary for form in t["forms"])


def define_env(env):
    """Register the workbook and glossary macros with mkdocs-macros."""
    docs_dir = Path(env.conf["docs_dir"])
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(env.conf["theme"].custom_dir) / TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters["md"] = md_text
    # Read once per build, before any page: bad data stops the build here, with a clear message.
    known = load_checklists(docs_dir)
    glossary = load_glossary(docs_dir)
    env.variables["glossary_abbreviations"] = abbreviations(glossary)
    embedded: set[tuple[str, str]] = set()

    def page_link(src_uri: str) -> str:
        """A Markdown link target from the current page to another page, by source path."""
        here = posixpath.dirname(env.page.file.src_uri)
        return posixpath.relpath(src_uri, here or ".")

    @env.macro
    def checklist(checklist_id: str, level: int = 3) -> str:
        """Render one reflection checklist, with its heading at the given level."""
        if checklist_id not in known:
            raise PluginError(f"{env.page.file.src_uri}: checklist('{checklist_id}') names no checklist.\n"
                              f"  Fix: use one of: {', '.join(known)} (files in docs/{DATA_DIR}/).")
        key = (env.page.file.src_uri, checklist_id)
        if key in embedded:
            raise PluginError(f"{env.page.file.src_uri}: checklist('{checklist_id}') appears twice on this page.\n"
                              "  Fix: embed each checklist once per page, so its item links stay unique.")
        embedded.add(key)
        data = known[checklist_id]
        if level == 1:  # the checklist's own page: its intro describes it
            env.page.meta.setdefault("description", " ".join(data["intro"].split()))
        on_chapter = data["chapter"] == env.page.file.src_uri
        return templates.get_template("checklist.html").render(
            c=data, level=level,
            chapter_link=None if on_chapter else page_link(data["chapter"]),
            page_link=None if level == 1 else page_link(f"{DATA_DIR}/{checklist_id}.md"),
            workbook_link=page_link(f"{DATA_DIR}/index.md"),
        )

    @env.macro
    def workbook_index(level: int = 2) -> str:
        """List every checklist, generated from the data files."""
        entries = [dict(c, link=page_link(f"{DATA_DIR}/{c['id']}.md"), chapter_link=page_link(c["chapter"]))
                   for c in known.values()]
        return templates.get_template("workbook-index.html").render(entries=entries, level=level)

    @env.macro
    def workbook_tools() -> str:
        """Render the saved-answers panel (export, import, clear) with a catalog of every item."""
        catalog = {"checklists": [
            {"id": c["id"], "title": c["title"],
             "items": [{"id": i["id"], "prompt": i["prompt"]} for g in c["groups"] for i in g["items"]]}
            for c in known.values()]}
        # JSON inside <script>: escape "<" so no string can close the element.
        safe = Markup(json.dumps(catalog, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))
        return templates.get_template("workbook-tools.html").render(catalog=safe)

    @env.macro
    def glossary_list() -> str:
        """Render every glossary term with its definition and a permanent anchor."""
        return templates.get_template("glossary.html").render(terms=glossary)


def on_post_page_macros(env):
    """Give every glossary term its hover definition on every page but the glossary itself."""
    if env.page.file.src_uri != GLOSSARY_PAGE:
        env.markdown += "\n\n" + env.variables["glossary_abbreviations"] + "\n"
