"""Refresh one app's catalogs and fill them: zh_Hans from the (Chinese) source strings, en from a JSON table.

    python tools/po_fill.py weiquan/complaints [--en table.json] [--check]

Runs makemessages (no line wrapping, so every entry is one msgid line), fills every zh_Hans msgstr with its msgid,
fills en msgstr from the table {"中文原文": "English"} (existing translations are kept), compiles, and prints the
English entries still untranslated (exit 1 with --check when there are any). Several people may run it at once:
it takes a lock on the app's locale folder.
"""

import argparse
import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DJANGO_ADMIN = str(Path(sys.executable).with_name("django-admin"))
ENTRY = re.compile(r'^(msgid|msgstr) "(.*)"$')


def _unquote(s: str) -> str:
    return json.loads(f'"{s}"')


def _quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)[1:-1]


def fill(po_path: Path, table: dict[str, str] | None, copy_source: bool) -> list[str]:
    """Fill empty msgstr lines; return the msgids still empty. Fuzzy flags are dropped (the text is checked)."""
    lines = po_path.read_text(encoding="utf-8").splitlines()
    out, missing, msgid = [], [], None
    for line in lines:
        if line.startswith("#, fuzzy") and msgid is not None:
            continue
        if line.startswith("#| "):
            continue
        match = ENTRY.match(line)
        if match and match.group(1) == "msgid":
            msgid = _unquote(match.group(2))
        elif match and match.group(1) == "msgstr" and msgid:
            current = _unquote(match.group(2))
            wanted = msgid if copy_source else (table or {}).get(msgid, "")
            value = wanted or current
            if not value:
                missing.append(msgid)
            line = f'msgstr "{_quote(value)}"'
        out.append(line)
    po_path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app_dir")
    parser.add_argument("--en", help="JSON file mapping Chinese source strings to English")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    app = (ROOT / args.app_dir).resolve()
    (app / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings"}
    with open(app / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([DJANGO_ADMIN, "makemessages", "-l", "en", "-l", "zh_Hans", "--no-wrap", "--no-location",
                        "--no-obsolete"], cwd=app, env=env, check=True, capture_output=True)
        table = json.loads(Path(args.en).read_text(encoding="utf-8")) if args.en else {}
        fill(app / "locale/zh_Hans/LC_MESSAGES/django.po", None, copy_source=True)
        missing = fill(app / "locale/en/LC_MESSAGES/django.po", table, copy_source=False)
        subprocess.run([DJANGO_ADMIN, "compilemessages"], cwd=app, env=env, check=True, capture_output=True)
    for msgid in missing:
        print(f"untranslated (en): {msgid}")
    print(f"{app.name}: {len(missing)} English entries untranslated")
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
