"""The decision form's rule picker: every rule of the rights engine in words (title, law and article), searchable by
law name, article, words or rule ID, with the ones the case's assessment cites first.

The page filters its list by asking `rules_matching` (through the `console_rules` endpoint), so the page and the tests
share one notion of a match.
"""

import re
from typing import Any

from django.http import JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from weiquan.complaints.views.console.access import console_required

RULE_ID = re.compile(r"^R-[A-Z0-9-]+$")
_DIGITS = "零一二三四五六七八九"


def _titles() -> dict[str, dict[str, str]]:
    try:
        from weiquan.rights import RULE_TITLES
    except ImportError:  # a rights engine without a title table: the picker falls back to typed IDs
        return {}
    return RULE_TITLES


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals as article numbers are read (24 -> 二十四, 10 -> 十, 148 -> 一百四十八)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else
                                _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))
    return _DIGITS[n // 100] + "百" + tail


def _article_words(article: str) -> str:
    """"消费者权益保护法 Art.24(3)" read also as "第二十四条" and "第24条", so people find it as they say it."""
    words = []
    for number in re.findall(r"Art\.\s*(\d+)", article):
        words += [f"第{chinese_number(int(number))}条", f"第{number}条"]
    return " ".join(words)


def _search_text(rule_id: str, entry: dict[str, str]) -> str:
    # Seven days are said both ways (七日 in the law, 七天 in speech): the title is searchable in both.
    zh = entry["zh"]
    return " ".join([rule_id, zh, zh.replace("日", "天"), entry["en"], entry["article"], entry.get("article_en", ""),
                     _article_words(entry["article"])]).lower()


def rule_entries(suggested: list[str] | tuple[str, ...] = ()) -> list[dict[str, object]]:
    """Every known rule as {id, title, article, suggested} in the reader's language: the suggested ones first (in
    their order), then the rest by ID."""
    english = (get_language() or "").startswith("en")
    titles = _titles()
    order = [r for r in suggested if r in titles] + sorted(r for r in titles if r not in set(suggested))
    return [{"id": rule_id, "title": titles[rule_id]["en" if english else "zh"],
             "article": titles[rule_id].get("article_en", titles[rule_id]["article"]) if english
             else titles[rule_id].get("article_zh", titles[rule_id]["article"]), "suggested": rule_id in suggested}
            for rule_id in order]


def rules_matching(query: str) -> list[str]:
    """IDs of the rules whose words, law, article or ID contain every term of `query` (all rules for a blank one)."""
    terms = query.lower().split()
    titles = _titles()
    return sorted(rule_id for rule_id, entry in titles.items()
                  if all(term in _search_text(rule_id, entry) for term in terms))


def rule_ids_in(value: Any) -> list[str]:
    """Every rule ID cited anywhere in the stored assessment (pre-selected in the picker)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(key, str) and RULE_ID.match(key):
                    found.add(key)
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and RULE_ID.match(node):
            found.add(node)

    walk(value)
    return sorted(found)


@console_required
@require_GET
def rules_search(request):
    """{"ids": [...]}: the rules matching ?q= (the picker hides the others)."""
    return JsonResponse({"ids": rules_matching(request.GET.get("q", "")[:100])})
