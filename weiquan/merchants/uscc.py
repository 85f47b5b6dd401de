"""The Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (digits and capitals without I, O, S, V, Z): registration authority (1),
entity type (1), administrative division (6 digits), organisation code (9), check character (1). The check character
makes the weighted sum of all 18 values (weights 3^(i-1) mod 31) a multiple of 31.
"""

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


@dataclass(frozen=True)
class UsccProblem:
    code: str  # machine-readable: length, character, division, check
    position: int | None  # 1-based position of the offending character
    expected: str | None = None
    found: str | None = None


class InvalidUscc(ValueError):
    def __init__(self, problem: UsccProblem, message: str):
        super().__init__(message)
        self.problem = problem
        self.message = message


def normalise(raw: str) -> str:
    """Codes are often typed with spaces or in lower case; both are harmless."""
    return "".join((raw or "").split()).upper()


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(raw: str) -> str:
    """The normalised code, or InvalidUscc with a message that says what is wrong and where."""
    from django.utils.translation import gettext as _

    code = normalise(raw)
    if len(code) != 18:
        raise InvalidUscc(UsccProblem("length", None, "18", str(len(code))),
                          _("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)})
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            raise InvalidUscc(
                UsccProblem("character", position, None, ch),
                _("统一社会信用代码第%(pos)d位“%(ch)s”不是允许的字符（不使用 I、O、S、V、Z）") % {"pos": position, "ch": ch},
            )
    if not code[2:8].isdigit():
        raise InvalidUscc(UsccProblem("division", 3, None, code[2:8]),
                          _("统一社会信用代码第3至8位应为行政区划代码（6位数字）"))
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidUscc(
            UsccProblem("check", 18, expected, code[17]),
            _("统一社会信用代码校验位不符：第18位应为“%(expected)s”，实际为“%(found)s”，请核对是否输错") % {
                "expected": expected, "found": code[17]},
        )
    return code


def is_valid(raw: str) -> bool:
    try:
        validate(raw)
    except InvalidUscc:
        return False
    return True
