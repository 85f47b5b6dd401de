"""Find and mask personal data in complaint text, Chinese and English.

`redact()` runs on every export and publication, so it is a handful of compiled regular expressions plus
checksum validation (GB 11643 for ID numbers, Luhn for bank cards); no model, no database.

Policy (see docs/decisions/0003-classifier-and-redaction.md):
- Redacted: mobile numbers, landlines (with an area code, or 7-8 digits signalled by 电话/tel/拨打...),
  18-digit ID numbers with a valid check digit and a plausible birth date (wherever they sit, even inside a
  longer digit run), Luhn-valid bank cards of 16-19 digits, e-mail, QQ numbers and WeChat ids when signalled,
  street-level addresses, vehicle plates and the names of the case's known parties.
- Kept: order / invoice / tracking numbers and other digit runs that match none of the above (a complaint is
  useless without its order number), 400/800 service numbers (always a business), URLs (public references,
  not personal data; only ID numbers, mobiles and e-mail inside a URL are still masked), cities and districts
  without a street, building or room numbers without a street, names nobody told us about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

TAGS: dict[str, str] = {
    "id_card": "[身份证号]",
    "bank_card": "[银行卡号]",
    "email": "[邮箱]",
    "mobile": "[手机号]",
    "phone": "[电话]",
    "qq": "[QQ号]",
    "wechat": "[微信号]",
    "plate": "[车牌号]",
    "address": "[地址]",
    "name": "[姓名]",
}
# When two findings overlap, the kind listed first wins (then the longer span).
_PRIORITY = {kind: rank for rank, kind in enumerate(TAGS)}
# Kinds that are still looked for inside a URL; the rest would fire on numeric ids in paths.
_INSIDE_URL = frozenset({"id_card", "mobile", "email"})


class Finding(NamedTuple):
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionResult:
    text: str
    findings: list[Finding] = field(default_factory=list)


# --- checksums ---------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of a resident ID number."""
    return _ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    """18 characters, region digit 1-9, birth date 1900-2099 with month 1-12 and day 1-31, valid check char."""
    if len(value) != 18 or not value[:17].isdecimal() or value[0] == "0":
        return False
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    return id_check_char(value[:17]) == value[17].upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_valid_bank_card(digits: str) -> bool:
    # ISO/IEC 7812 industry digits 2-6 (cards, banking) and 9 (old domestic debit cards such as 95xx).
    return 16 <= len(digits) <= 19 and digits.isdecimal() and digits[0] in "234569" and luhn_valid(digits)


# --- patterns ----------------------------------------------------------------------------------------------

_SEP = r"[ \u3000\-]"
_URL = re.compile(
    r"(?i)(?<![a-z0-9])(?:(?:https?|ftp)://|www\.)[^\s<>\"'，。！？；、（）【】《》“”‘’]+"
    r"|(?<![a-z0-9\-.])[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov|edu|info|io|cc|tv|me|biz)"
    r"(?![a-z0-9\-])"
    r"(?:/[^\s<>\"'，。！？；、（）【】《》“”‘’]*)?"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_ID_RUN = re.compile(r"\d{17,}[Xx]?")
_ID_SPACED = re.compile(rf"(?<!\d)\d{{6}}{_SEP}\d{{4}}{_SEP}?\d{{4}}{_SEP}\d{{3}}[\dXx](?![\dXx])")
_CARD = re.compile(rf"(?<!\d)(?:\d{{16,19}}|\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}?\d{{1,3}})?)(?!\d)")
# 1[3-9]x xxxx xxxx, optional +86 / 0086 / (86) prefix; '*' allows partly masked numbers (138****5678).
_MOBILE = re.compile(rf"(?<!\d)(?:(?:\+|00)86{_SEP}?|\(\+?86\){_SEP}?|86-)?1[3-9]\d(?:{_SEP}?[\d*]{{4}}){{2}}(?![\d*])")
_EXT = r"(?:\s?(?:转|分机|ext\.?|x)\s?\d{1,5})?"
_LANDLINE = re.compile(
    rf"(?<![\d\-])(?:\(0\d{{2,3}}\)|（0\d{{2,3}}）|0\d{{2,3}}){_SEP}?\d{{3,4}}{_SEP}?\d{{4}}{_EXT}(?![\d\-])"
)
_US_PHONE = re.compile(r"(?<![\d\-])(?:\+1[ .\-]?)?(?!\(?[48]00)\(?[2-9]\d{2}\)?[ .\-]\d{3}[ .\-]\d{4}(?![\d\-])")
_SIGNAL_GAP = r"[^\d\n。！？!?]{0,10}?"
_LOCAL_PHONE = re.compile(
    rf"(?i)(?:电话|座机|固话|热线|联系方式|拨打|致电|\btel\b|\bphone\b|\bcall\b){_SIGNAL_GAP}"
    rf"(?<![\d\-])(?P<v>[2-9]\d{{2,3}}{_SEP}?\d{{4}}{_EXT})(?![\d\-])"
)
_QQ = re.compile(rf"(?i)(?:qq|扣扣|企鹅号){_SIGNAL_GAP}(?<!\d)(?P<v>[1-9]\d{{4,10}})(?!\d)")
_WECHAT = re.compile(
    r"(?i)(?:微信|威信|薇信|v信|(?<![a-z])(?:vx|wx|weixin|wechat)(?![a-z]))"
    r"[^\w\n]{0,2}(?:号码|号|id)?\s?(?:是|为)?\s?[:：]?\s?"
    r"(?P<v>(?<![\w\-])[A-Za-z][\w\-]{5,19}(?![\w\-])|(?<!\d)[1-9]\d{4,10}(?!\d))",
    re.ASCII,
)
# re.ASCII above keeps \w to [A-Za-z0-9_] for the id; the Chinese signals are literal so they still match.
_WXID = re.compile(r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_\-]{4,30}")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTERS = "A-HJ-NP-Z"
_PLATE = re.compile(
    rf"(?<![A-Za-z0-9])[{_PROVINCES}][{_PLATE_LETTERS}][ ·•\-]?"
    rf"(?P<serial>[DF][{_PLATE_LETTERS}0-9]\d{{4}}|\d{{5}}[DF]|[{_PLATE_LETTERS}0-9]{{5}}|[{_PLATE_LETTERS}0-9]{{4}}[挂学警港澳])"
    r"(?![A-Za-z0-9])"
)

# Chinese addresses: a street with a house number is the anchor; administrative divisions in front of it and
# building / unit / room after it are taken along. Name characters exclude suffixes and words that never start
# a place name, so the span does not swallow the sentence before it; softer words (还有, 和...) are trimmed
# afterwards only while two name characters remain, which keeps 和平路 whole.
_NAME_CH = r"[^\W\d_A-Za-z省市区县镇乡号號路街道巷弄楼栋室的了是在我你他她住位于把给将请就都]"
_CN_NUM = r"(?:\d{1,5}|[一二三四五六七八九十百零〇]{1,4})"
_UNIT = (
    rf"(?:(?:{_CN_NUM}|[A-Za-z])(?:号楼|號樓|栋|幢|座|单元|層|层|楼|室|号|號)"
    r"|(?<=[元栋幢座楼层号])-?\d{3,4}(?:室|房)?(?![\d年月日号元个])|-\d{1,4}(?:室|房)?(?!\d))"
)
_CN_STREET = re.compile(
    rf"(?P<name>{_NAME_CH}{{2,6}})(?:大街|大道|路|街|巷|胡同){_CN_NUM}(?:号|號|弄(?:{_CN_NUM}(?:号|號))?)"
    rf"(?:{_UNIT}){{0,4}}"
)
_CN_ESTATE = re.compile(
    rf"(?P<name>{_NAME_CH}{{2,8}})(?:小区|花园|家园|公寓|大厦|新村|苑)(?:{_CN_NUM}|[A-Za-z])(?:号楼|號樓|栋|幢|座|期)"
    rf"(?:{_UNIT}){{0,3}}"
)
_ADMIN_TAIL = re.compile(rf"(?P<name>{_NAME_CH}{{1,8}})(?:省|自治区|自治州|市|地区|区|县|旗|镇|乡|街道)$")
_SOFT_LEAD = frozenset("还有和与也到往从寄送收至")
_STREET_WORDS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|"
    r"Parkway|Pkwy|Highway|Hwy|Square|Sq|Lu|Jie"
)
_EN_STREET = re.compile(
    rf"\b(?:No\.\s?)?\d{{1,6}}[A-Za-z]?,?\s+(?:(?:N|S|E|W|North|South|East|West)\.?\s+)?"
    rf"(?:[A-Z][A-Za-z'\-]*\s+){{1,4}}(?:{_STREET_WORDS})\b\.?(?:\s(?:NW|NE|SW|SE)\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|#)\.?\s*#?\s*[A-Za-z0-9\-]+)?"
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s*[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?)?"
)
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 南宫 西门 百里 呼延".split()
)


# --- detectors ---------------------------------------------------------------------------------------------


def _name_start(text: str, m: re.Match[str]) -> int:
    """Start of a place name after trimming soft function words, keeping at least two name characters."""
    start, name_end = m.start("name"), m.end("name")
    while name_end - start > 2 and text[start] in _SOFT_LEAD:
        start += 1
    return start


def _find_ids(text: str) -> list[Finding]:
    found: list[Finding] = []
    for m in _ID_RUN.finditer(text):
        run, base = m.group(), m.start()
        if len(run) == 18:
            if is_valid_id_number(run):
                found.append(Finding("id_card", base, base + 18))
            continue
        # A longer run: any 18-character window that is a valid ID is masked, and the union of those windows
        # is reported, so an ID glued to other digits still never leaks.
        hits = [i for i in range(len(run) - 17) if is_valid_id_number(run[i : i + 18])]
        if hits:
            found.append(Finding("id_card", base + hits[0], base + hits[-1] + 18))
    for m in _ID_SPACED.finditer(text):
        if is_valid_id_number(re.sub(r"\D", "", m.group()[:-1]) + m.group()[-1]):
            found.append(Finding("id_card", m.start(), m.end()))
    return found


def _find_numbers(text: str) -> list[Finding]:
    found = _find_ids(text)
    for m in _CARD.finditer(text):
        if is_valid_bank_card(re.sub(r"\D", "", m.group())):
            found.append(Finding("bank_card", m.start(), m.end()))
    found += [Finding("mobile", m.start(), m.end()) for m in _MOBILE.finditer(text)]
    found += [Finding("phone", m.start(), m.end()) for m in _LANDLINE.finditer(text)]
    found += [Finding("phone", m.start(), m.end()) for m in _US_PHONE.finditer(text)]
    found += [Finding("phone", m.start("v"), m.end("v")) for m in _LOCAL_PHONE.finditer(text)]
    found += [Finding("qq", m.start("v"), m.end("v")) for m in _QQ.finditer(text)]
    return found


def _find_addresses(text: str) -> list[Finding]:
    found: list[Finding] = []
    for pattern in (_CN_STREET, _CN_ESTATE):
        for m in pattern.finditer(text):
            start = _name_start(text, m)
            # Walk left over "…省 …市 …区" written directly in front of the street.
            while (tail := _ADMIN_TAIL.search(text, max(0, start - 12), start)) is not None:
                if tail.end("name") - tail.start("name") < 2:
                    break
                start = _name_start(text, tail)
            found.append(Finding("address", start, m.end()))
    for pattern in (_EN_STREET, _PO_BOX):
        found += [Finding("address", m.start(), m.end()) for m in pattern.finditer(text)]
    return found


def _find_plates(text: str) -> list[Finding]:
    found = []
    for m in _PLATE.finditer(text):
        # Real serials carry at least three digits; this keeps words like 新CPUXX out.
        if sum(ch.isdigit() for ch in m.group("serial")) >= 3:
            found.append(Finding("plate", m.start(), m.end()))
    return found


@lru_cache(maxsize=256)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives: set[str] = set()
    for raw in names:
        name = " ".join(raw.split())
        if len(name) < 2:
            continue
        if name.isascii():
            # ASCII look-arounds rather than \b: next to Chinese characters \b finds no boundary.
            alternatives.add(r"(?<![A-Za-z])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![A-Za-z])")
            parts = name.split()
            if len(parts) > 1:
                alternatives.add(rf"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{re.escape(parts[-1])}(?![A-Za-z])")
        else:
            alternatives.add(re.escape(name))
            if 2 <= len(name) <= 4:
                surname = name[:2] if name[:2] in _COMPOUND_SURNAMES else name[0]
                alternatives.add(re.escape(surname) + "(?:先生|女士|小姐)")
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def _select(candidates: list[Finding]) -> list[Finding]:
    """Keep the most specific, then longest, finding wherever candidates overlap."""
    chosen: list[Finding] = []
    for f in sorted(candidates, key=lambda f: (_PRIORITY[f.kind], f.start - f.end, f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    chosen.sort(key=lambda f: f.start)
    return chosen


def find_personal_data(text: str, *, party_names: Iterable[str] = ()) -> list[Finding]:
    """All non-overlapping findings in `text`, in order, as (kind, start, end)."""
    candidates: list[Finding] = []
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        candidates += _find_numbers(text)
        candidates += _find_addresses(text)
        candidates += _find_plates(text)
    elif "P" in text or "p" in text:
        candidates += [Finding("address", m.start(), m.end()) for m in _PO_BOX.finditer(text)]
    if "@" in text:
        candidates += [Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    candidates += [Finding("wechat", m.start("v"), m.end("v")) for m in _WECHAT.finditer(text)]
    if "wxid_" in text:
        candidates += [Finding("wechat", m.start(), m.end()) for m in _WXID.finditer(text)]
    names = tuple(sorted({n for n in party_names if n and n.strip()}))
    if names and (pattern := _name_pattern(names)) is not None:
        candidates += [Finding("name", m.start(), m.end()) for m in pattern.finditer(text)]
    if not candidates:
        return []
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if ("." in text) else []
    if urls:
        candidates = [
            f
            for f in candidates
            if f.kind in _INSIDE_URL or all(f.end <= u_start or f.start >= u_end for u_start, u_end in urls)
        ]
    return _select(candidates)


def redact(text: str, *, party_names: Iterable[str] = ()) -> RedactionResult:
    """Replace personal data in `text` with readable tags such as [手机号]; findings index the original text."""
    findings = find_personal_data(text, party_names=party_names)
    if not findings:
        return RedactionResult(text, [])
    pieces: list[str] = []
    pos = 0
    for f in findings:
        pieces.append(text[pos : f.start])
        pieces.append(TAGS[f.kind])
        pos = f.end
    pieces.append(text[pos:])
    return RedactionResult("".join(pieces), findings)
