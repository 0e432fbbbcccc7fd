"""MkDocs hook: one page per checklist file in docs/workbook/, listed in the nav.

A contributor adds ``docs/workbook/<id>.yml`` and nothing else: this hook adds the
page ``workbook/<id>/`` (whose body is the ``checklist`` macro) and appends it to the
nav section that holds ``workbook/index.md``. It only lists files; macros.py reads
and validates them, and stops the build when one is wrong.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

DATA_DIR = "workbook"
INDEX = f"{DATA_DIR}/index.md"


def _checklist_ids(config) -> list[str]:
    return sorted(p.stem for p in (Path(config["docs_dir"]) / DATA_DIR).glob("*.yml"))


def _workbook_section(entries):
    """The nav list that holds the workbook index, searched depth first."""
    if not isinstance(entries, list):
        return None
    if any(e == INDEX or (isinstance(e, dict) and INDEX in e.values()) for e in entries):
        return entries
    for entry in entries:
        for children in entry.values() if isinstance(entry, dict) else ():
            found = _workbook_section(children)
            if found is not None:
                return found
    return None


def on_config(config):
    section = _workbook_section(config["nav"])
    if config["nav"] is not None and section is None:
        raise PluginError(f"mkdocs.yml: the nav has no section holding '{INDEX}'.\n"
                         f"  Fix: add a 'Workbook:' section whose first entry is {INDEX}; "
                         "the checklist pages are listed after it.")
    if section is not None:
        pages = [f"{DATA_DIR}/{cid}.md" for cid in _checklist_ids(config)]
        section.extend(p for p in pages if p not in section)
    return config


def on_files(files, config):
    for cid in _checklist_ids(config):
        src = f"{DATA_DIR}/{cid}.md"
        if files.get_file_from_path(src) is None:
            files.append(File.generated(config, src, content=f'{{{{ checklist("{cid}", level=1) }}}}\n'))
    return files

