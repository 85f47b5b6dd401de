"""The starting listing rulebook per category and the default spot-check policy. Admins edit them afterwards.

Used by the data migration and by `quality_defaults_ensure()` (a flushed test database, a demo on an emptied
database). Existing rows are never changed.
"""

FOOD = "FSL Art.67; GB 7718-2011"
REQUIREMENTS = {
    "food": [
        ("producer", "生产者名称、地址和联系方式", "Producer name, address and contact", "", FOOD),
        ("ingredients", "配料表", "Ingredients", "", FOOD),
        ("net_content", "净含量和规格", "Net content and size", "", FOOD),
        ("production_date", "生产日期", "Production date", "", FOOD),
        ("shelf_life", "保质期", "Shelf life", "", FOOD),
        ("storage", "贮存条件", "Storage conditions", "", FOOD),
        ("production_licence", "食品生产许可证编号", "Food production licence number", "", "FSL Art.67(1)(7)"),
    ],
    "apparel": [
        ("fibre_composition", "纤维成分及含量", "Fibre composition", "", "GB 5296.4-2012; FZ/T 01053"),
        ("size_spec", "号型规格", "Size", "", "GB 5296.4-2012"),
    ],
    "electrical": [
        ("model", "产品型号", "Model", "", "CPL Art.20; PQL Art.27"),
        ("producer", "生产者名称和地址", "Producer name and address", "", "PQL Art.27"),
        ("ccc_certificate", "CCC 认证证书编号", "CCC certificate number", "ccc_required",
         "强制性产品认证管理规定 Art.2"),
    ],
    "cosmetics": [
        ("ingredients", "全成分", "Full ingredients", "", "化妆品监督管理条例 Art.35"),
        ("net_content", "净含量", "Net content", "", "化妆品监督管理条例 Art.35"),
        ("shelf_life", "使用期限", "Use-by period", "", "化妆品监督管理条例 Art.35"),
        ("filing_number", "注册证/备案编号", "Registration or filing number", "", "化妆品监督管理条例 Art.35"),
    ],
    "medical_device": [
        ("registration_number", "医疗器械注册证/备案编号", "Device registration or filing number", "",
         "医疗器械监督管理条例 Art.39"),
        ("producer", "注册人/备案人名称", "Registrant name", "", "医疗器械监督管理条例 Art.39"),
        ("model", "型号规格", "Model and size", "", "医疗器械监督管理条例 Art.39"),
    ],
    "books": [
        ("isbn", "ISBN 书号", "ISBN", "", "出版管理条例"),
        ("publisher", "出版单位", "Publisher", "", "出版管理条例"),
    ],
}
BLOCKING = ["food", "medical_device", "cosmetics"]


def seed(InformationRequirement, ListingPolicy, QualityPolicy) -> int:
    created = 0
    for category, rows in REQUIREMENTS.items():
        for position, (key, label, label_en, when, basis) in enumerate(rows):
            _obj, new = InformationRequirement.objects.get_or_create(category=category, key=key, defaults={
                "label": label, "label_en": label_en, "required_when": when, "basis": basis, "position": position})
            created += new
        _obj, new = ListingPolicy.objects.get_or_create(category=category,
                                                        defaults={"block_until_compliant": category in BLOCKING})
        created += new
    if not QualityPolicy.objects.exists():
        QualityPolicy.objects.create()
        created += 1
    return created


def quality_defaults_ensure() -> int:
    from weiquan.quality.models import InformationRequirement, ListingPolicy, QualityPolicy

    return seed(InformationRequirement, ListingPolicy, QualityPolicy)
