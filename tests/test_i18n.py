"""Every app's catalogs are complete: no empty and no fuzzy entries in en and zh_Hans, and a fresh `makemessages`
over the app's source finds no string the committed catalogs lack."""

import ast
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent for p in (ROOT / "weiquan").glob("*/locale") if (p / "en").exists() or (p / "zh_Hans").exists())
LANGUAGES = ("en", "zh_Hans")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for msgid / msgid_plural / msgstr[n], continuation lines, flags and obsolete."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None
    flags_pending = False

    def value(rest: str) -> str:
        return ast.literal_eval(rest.strip())

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags_pending = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt"):
            continue
        if line.startswith("msgid_plural"):
            current.msgid_plural = value(line[len("msgid_plural"):])
            target = "plural"
        elif line.startswith("msgid"):
            current = Entry(msgid=value(line[len("msgid"):]), fuzzy=flags_pending, obsolete=obsolete)
            flags_pending = False
            entries.append(current)
            target = "msgid"
        elif line.startswith("msgstr"):
            rest = line.split(" ", 1)[1]
            current.msgstrs.append(value(rest))
            target = "msgstr"
        elif line.startswith('"') and current is not None:
            piece = value(line)
            if target == "msgid":
                current.msgid += piece
            elif target == "plural":
                current.msgid_plural += piece
            elif target == "msgstr":
                current.msgstrs[-1] += piece
    return [e for e in entries if e.msgid and not e.obsolete]


def catalog(app: Path, language: str) -> Path:
    return app / "locale" / language / "LC_MESSAGES" / "django.po"


def test_there_are_catalogs():
    assert APPS, "no app has a locale folder"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_empty_or_fuzzy_entry(app: Path, language: str):
    path = catalog(app, language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    entries = parse_po(path)
    empty = [e.msgid for e in entries if not e.msgstrs or any(not s for s in e.msgstrs)]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not empty, f"{path.relative_to(ROOT)}: {len(empty)} untranslated, e.g. {empty[:5]}"
    assert not fuzzy, f"{path.relative_to(ROOT)}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert path.with_suffix(".mo").exists(), f"{path.relative_to(ROOT)} is not compiled"
    if language == "zh_Hans":  # the source language: each entry is its own Chinese text
        differs = [e.msgid for e in entries if e.msgid_plural is None and e.msgstrs[0] != e.msgid]
        assert not differs, f"{path.relative_to(ROOT)}: zh_Hans differs from the source for {differs[:5]}"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_makemessages_finds_nothing_new(app: Path, tmp_path: Path, monkeypatch):
    """Run makemessages over a copy of the app; every source string must already be in the committed catalogs."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext tools (xgettext) are not installed")
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests", ".lock"))
    # In this process, with the settings `django-admin makemessages` would load (weiquan.settings), from the app's
    # folder as `make messages` runs it: a django-admin process per app spent its seconds starting Django.
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en", "zh_Hans"], no_wrap=True, no_location=True, verbosity=0)
    for language in LANGUAGES:
        committed = {e.msgid for e in parse_po(catalog(app, language))}
        fresh = {e.msgid for e in parse_po(catalog(copy, language))}
        missing = sorted(fresh - committed)
        assert not missing, f"{app.name}/{language}: not in the committed catalog: {missing[:10]}"
