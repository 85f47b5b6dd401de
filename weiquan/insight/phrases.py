"""Words and short phrases of a complaint, without the filler that every complaint shares (没有, 一直, 收到, 就是 ...).

Root-cause analysis ranks these: Chinese cut into words by jieba, single characters and stop words dropped, and each
pair of neighbouring content words joined into a phrase (不给 + 退款 -> 不给退款), so that a cause reads as staff would
say it. English keeps its words (three letters or more, stop words out) and their pairs.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

from weiquan.insight.lexicon import TERMS

jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary load on every process start
_lock = threading.Lock()
# A tokenizer of our own: the lexicon's phrases are added to it, never to jieba's shared default dictionary, which
# other code (the knowledge base's search) cuts with.
_tokenizer = jieba.Tokenizer()
_ready = False
_CJK = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")

# Function words and the filler of complaint narratives: frequent everywhere, telling nothing about a cause.
ZH_STOP_WORDS = frozenset("""
没有 一直 收到 就是 我们 我的 你们 你的 他们 她们 它们 这个 那个 这些 那些 这样 那样 这种 那种 这么 那么 什么 怎么
怎么办 为什么 因为 所以 但是 可是 然后 而且 并且 或者 还是 还有 已经 可以 可能 应该 需要 现在 时候 自己 一个 一下 一些
一次 一天 几天 两天 三天 知道 觉得 认为 表示 告诉 说是 他说 她说 结果 出现 发现 进行 希望 情况 本人 当时 目前 多次
之后 之前 以后 以前 后来 今天 昨天 明天 最后 终于 竟然 居然 其实 甚至 直接 不过 如果 只是 由于 通过 关于 对于 一样
这边 那边 这里 那里 真的 非常 特别 十分 实在 根本 完全 确实 只有 只能 不能 不会 没法 还没 还要 就要 都是 也是 又是
不是 是否 是不是 有没有 一点 一直到 之间 为了 如何 并没有 然而 同时 并且 而是 的话 的时候 东西 问题 事情 这件 那件
我要 我想 我们的 给我 让我 把我 跟我 和我 对我 我说 我是 我在 我也 我就 我又 我都 你们的 他们的 您好 你好 谢谢 麻烦
请问 一下子 现已 已于 于是 并未 未能 至今 到现在 现在还 还是没有 一直没有 一直都 都没有 也没有 就是说 但是却
""".split())
EN_STOP_WORDS = frozenset("""
the and that this with was for have not but they you are xxxx from has had were been what when which would there
your other into about their them then than also just will can did does any all out because after before being
our she his her him its who why how some someone more only such these those over very could should may said
""".split())


def _ensure_dictionary() -> None:
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                _tokenizer.initialize()
                # The lexicon's Chinese phrases (不给退款, 七天无理由, 虚假发货 ...) are words of this domain: keep
                # them whole instead of cutting them into characters.
                for term in TERMS:
                    if _CJK.search(term) and len(term) >= 2:
                        _tokenizer.add_word(term)
                _ready = True


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Every word in order, each with whether it can carry a cause (Chinese of two characters or more and not a
    stop word, English of three letters or more and not a stop word)."""
    _ensure_dictionary()
    tokens: list[tuple[str, bool]] = []
    for run in _TOKEN.findall((text or "").lower()):
        if _CJK.match(run):
            tokens.extend((w, len(w) >= 2 and w not in ZH_STOP_WORDS) for w in _tokenizer.lcut(run))
        else:
            tokens.append((run, len(run) >= 3 and not run.isdigit() and run not in EN_STOP_WORDS))
        tokens.append(("", False))  # punctuation and script changes end a phrase
    return tokens


def content_words(text: str) -> list[str]:
    return [word for word, keep in _tokens(text) if keep]


def phrases(text: str) -> set[str]:
    """Content words, and pairs of content words that stand next to each other, once each."""
    tokens = _tokens(text)
    found = {word for word, keep in tokens if keep}
    for (first, keep_first), (second, keep_second) in zip(tokens, tokens[1:], strict=False):
        if keep_first and keep_second:
            found.add(f"{first}{second}" if _CJK.match(first) and _CJK.match(second) else f"{first} {second}")
    return found
