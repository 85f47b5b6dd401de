import pytest

from weiquan.merchants import uscc

# 91350100M000100Y43 is the worked example of GB 32100-2015; the others are codes of real registered companies.
VALID = ["91350100M000100Y43", "91110000802100433B", "911100001011120045", "91310000MA1FL4W21P"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert uscc.validate(code) == code
    assert uscc.check_character(code[:17]) == code[17]


def test_spaces_and_lower_case_are_normalised():
    assert uscc.validate(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("code, position, expected, found", [
    ("91350100M000100Y44", 18, "3", "4"),        # wrong check character
    # 17th character 4 -> 5 adds weight 28 to the sum: check 3 - 28 = -25 = 6 (mod 31)
    ("91350100M000100Y53", 18, "6", "3"),
    ("91110000802100433C", 18, "B", "C"),
    # first two characters swapped: sum changes by -8x1 + 8x3 = +16; check 3 - 16 = -13 = 18 (mod 31) = J
    ("19350100M000100Y43", 18, "J", "3"),
])
def test_corrupted_codes_fail_on_the_check_character(code, position, expected, found):
    with pytest.raises(uscc.InvalidUscc) as info:
        uscc.validate(code)
    problem = info.value.problem
    assert (problem.code, problem.position, problem.expected, problem.found) == ("check", position, expected, found)
    assert f"第18位应为“{expected}”，实际为“{found}”" in info.value.message


def test_every_single_character_substitution_is_caught():
    code = VALID[0]
    for i in range(17):
        for ch in uscc.ALPHABET:
            if ch == code[i]:
                continue
            corrupted = code[:i] + ch + code[i + 1:]
            if not corrupted[2:8].isdigit():
                continue
            assert not uscc.is_valid(corrupted), corrupted


@pytest.mark.parametrize("code, problem", [
    ("9135010M000100Y43", "length"),
    ("91350100M000100Y4300", "length"),
    ("", "length"),
    ("91350100M000100I43", "character"),   # I is not in the alphabet
    ("91350100O000100Y43", "character"),
    ("91A50100M000100Y43", "division"),
])
def test_malformed_codes_say_what_is_wrong(code, problem):
    with pytest.raises(uscc.InvalidUscc) as info:
        uscc.validate(code)
    assert info.value.problem.code == problem
