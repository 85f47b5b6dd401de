"""Full-text search over the knowledge base, in Chinese and English, without a search server.

The base holds tens to a few hundred articles, so ranking in Python over the published rows is both fast and exact.
Chinese has no spaces: the query is cut into words by jieba's search mode (which also yields the shorter words inside
a long one, so 七天无理由 finds 无理由), common variants are folded together (七天/七日), and each word scores by
where it appears: title, keywords, summary, body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jieba

# Spellings that mean the same thing to a consumer; each folds to the first.
_VARIANTS = (("七日", "七天", "7天", "7日"), ("十倍", "10倍"), ("三倍", "3倍"), ("个人信息", "隐私"),
             ("退款", "退钱"), ("假货", "假冒", "山寨"))
_FOLD = {variant: group[0] for group in _VARIANTS for variant in group[1:]}
_STOP = frozenset("的 了 吗 呢 啊 吧 是 我 你 在 和 与 或 及 怎么 怎么办 什么 可以 能 不 有 the a an of to and or is in for "
                  "on my i what how can".split())
_WEIGHTS = (("title", 6), ("keywords", 4), ("summary", 2), ("body", 1))


def fold(text: str) -> str:
    text = text.lower()
    for variant, canonical in _FOLD.items():
        text = text.replace(variant.lower(), canonical)
    return text


def terms(query: str) -> list[str]:
    """The words of a query worth matching, longest first (a long word is the stronger signal)."""
    query = fold(query.strip())[:200]
    words: list[str] = []
    for chunk in re.split(r"[\s,，。；;、?？!！]+", query):
        if not chunk:
            continue
        words.append(chunk)
        words.extend(w.strip() for w in jieba.cut_for_search(chunk))
    kept = {w for w in words if w and w not in _STOP and len(w) > 1}
    if not kept:  # a one-character query (退) still searches
        kept = {w for w in words if w and w not in _STOP}
    return sorted(kept, key=lambda w: (-len(w), w))


def score(fields: dict[str, str], words: Iterable[str]) -> int:
    total = 0
    folded = {name: fold(fields.get(name, "")) for name, _ in _WEIGHTS}
    for word in words:
        for name, weight in _WEIGHTS:
            hits = min(folded[name].count(word), 3)  # repeated mention is a signal, up to a point
            total += hits * weight * max(1, len(word) - 1)
    return total


def rank(items: Iterable, query: str, fields_of) -> list:
    """`items` that match `query`, best first; `fields_of(item)` gives {title, keywords, summary, body} text."""
    words = terms(query)
    if not words:
        return []
    scored = [(score(fields_of(item), words), position, item) for position, item in enumerate(items)]
    return [item for points, _, item in sorted(scored, key=lambda s: (-s[0], s[1])) if points > 0]
