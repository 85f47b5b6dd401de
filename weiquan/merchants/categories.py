"""Free-text categories (an order push's product category, a store's declared trade) mapped onto the category rules,
so that no store escapes governance because its category string is unknown. A text that maps nowhere leaves the
store without a category, which the re-verification sweep then asks the merchant and compliance to settle."""

from weiquan.merchants.models import CategoryRule

# Common words of platforms and sellers for each rule code (the rule's own code, name and English name map too).
ALIASES = {
    "apparel": ["服装", "服饰", "鞋包", "鞋靴", "箱包", "clothing", "fashion", "shoes", "bags"],
    "food": ["食品生鲜", "生鲜", "零食", "饮料", "酒水", "母婴食品", "奶粉", "groceries", "grocery", "snacks"],
    "electrical": ["数码家电", "数码", "家电", "电器", "手机", "电脑", "electronics", "digital", "appliances"],
    "cosmetics": ["美妆", "化妆品", "个护", "beauty", "makeup", "skincare", "personal care"],
    "medical_device": ["医疗", "器械", "medical"],
    "drugs": ["药品", "药", "pharmacy", "medicine"],
    "books": ["图书", "书籍", "音像", "books", "media"],
    "general": ["百货", "日用", "家居", "玩具", "general"],
}


def _norm(text: str) -> str:
    return " ".join((text or "").strip().lower().replace("_", " ").split())


def category_code_for(text: str) -> str:
    """The category rule code for `text`, or "" when it matches none (exact code, name or alias first, then an
    alias contained in the text)."""
    wanted = _norm(text)
    if not wanted:
        return ""
    rules = list(CategoryRule.objects.values_list("code", "name", "name_en"))
    codes = {code for code, _n, _e in rules}
    for code, name, name_en in rules:
        if wanted in {_norm(code), _norm(name), _norm(name_en)}:
            return code
    for code, words in ALIASES.items():
        if code in codes and wanted in {_norm(w) for w in words}:
            return code
    for code, words in ALIASES.items():
        if code in codes and any(_norm(w) in wanted for w in words if len(_norm(w)) >= 2):
            return code
    return ""
