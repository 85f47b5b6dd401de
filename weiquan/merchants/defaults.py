"""The starting rulebook: licence kinds and what each category asks of its merchants. Admins edit both afterwards.

Used by the data migration that seeds a new database, and by `governance_defaults_ensure()` for databases that lost
or never had the rows (a test database flushed between tests, a demo on an emptied database). Existing rows are
never changed: once seeded, the rulebook is the admins'.
"""

from decimal import Decimal

# code, name, English name, number format, required of every merchant
LICENCE_KINDS = [
    ("business_licence", "营业执照", "Business licence", "统一社会信用代码，18位", True),
    ("food_operation", "食品经营许可证", "Food business licence", "JY + 14位数字", False),
    ("food_production", "食品生产许可证", "Food production licence", "SC + 14位数字", False),
    ("medical_device_trading", "医疗器械经营许可证/备案凭证", "Medical device trading licence or filing", "", False),
    ("drug_trading", "药品经营许可证", "Drug trading licence", "", False),
    ("publication_trading", "出版物经营许可证", "Publication trading licence", "新出发/新出批字号", False),
]
# code, name, English name, required licence kinds, deposit minimum, grace days, auto advance compensation, auto cap
CATEGORIES = [
    ("general", "综合百货", "General merchandise", [], "1000.00", 15, False, "0.00"),
    ("apparel", "服饰鞋包", "Apparel, shoes and bags", [], "2000.00", 15, True, "500.00"),
    ("food", "食品", "Food", ["food_operation"], "5000.00", 15, False, "0.00"),
    ("electrical", "家用电器", "Household electrical goods", [], "5000.00", 15, False, "0.00"),
    ("cosmetics", "美妆个护", "Cosmetics and personal care", [], "3000.00", 15, False, "0.00"),
    ("medical_device", "医疗器械", "Medical devices", ["medical_device_trading"], "10000.00", 15, False, "0.00"),
    ("drugs", "药品", "Medicines", ["drug_trading"], "10000.00", 15, False, "0.00"),
    ("books", "图书音像", "Books and media", ["publication_trading"], "2000.00", 15, False, "0.00"),
]


def seed(LicenceKind, CategoryRule) -> int:
    """Create the rows that are missing (model classes passed in, so a migration can use its historical models)."""
    created = 0
    kinds = {}
    for code, name, name_en, hint, always in LICENCE_KINDS:
        kinds[code], new = LicenceKind.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "number_hint": hint, "always_required": always})
        created += new
    for code, name, name_en, required, minimum, grace, auto, cap in CATEGORIES:
        rule, new = CategoryRule.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "deposit_minimum": Decimal(minimum), "deposit_grace_days": grace,
            "auto_advance_compensation": auto, "auto_compensation_cap": Decimal(cap)})
        if new:
            rule.required_licences.set([kinds[k] for k in required])
        created += new
    return created


def governance_defaults_ensure() -> int:
    from weiquan.merchants.models import CategoryRule, LicenceKind

    return seed(LicenceKind, CategoryRule)
