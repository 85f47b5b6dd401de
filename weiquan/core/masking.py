"""How personal data is shown to people who may not see it whole (PIPL minimum necessary)."""

import re

_MOBILE = re.compile(r"^(\+?86)?(1\d{2})(\d{4})(\d{4})$")


def mask_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone or "")
    match = _MOBILE.match(digits)
    if match:
        return f"{match.group(2)}****{match.group(4)}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7 if len(digits) > 7 else 1) + digits[-4:]


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if re.fullmatch(r"[\u4e00-\u9fff·]+", name):
        return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"
    return " ".join(part[0] + "***" for part in name.split())


def mask_address(address: str) -> str:
    """Keep the province/city part a merchant needs for logistics context, hide the street and number."""
    address = (address or "").strip()
    if not address:
        return ""
    # (?!市): the 州 of a city name such as 杭州市 is not an autonomous prefecture's 州
    match = re.match(r"^(.+?(?:省|自治区|市))(.+?(?:市|区|县|州)(?!市))?", address)
    if match:
        return "".join(g for g in match.groups() if g) + "****"
    return address[:6] + "****" if len(address) > 6 else "****"
