"""Builders for governance tests: everything through the real services, as the product does it."""

import itertools
from datetime import date
from decimal import Decimal

from weiquan.merchants import services
from weiquan.merchants.models import Merchant

PDF = b"%PDF-1.4\n% licence scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VALID_USCC = ("91350100M000100Y43", "91110000802100433B", "911100001011120045")
_seq = itertools.count(1)


def unique_uscc(n: int) -> str:
    """A valid code of its own for each applicant (one open application per code)."""
    from weiquan.merchants import uscc

    first17 = f"91350100M00{n % 10**6:06d}"
    return first17 + uscc.check_character(first17)


def identity(**overrides) -> dict:
    n = next(_seq)
    data = {
        "shop_name": f"好味食品旗舰店{n}", "legal_name": f"福州好味食品有限公司{n}", "uscc": unique_uscc(n),
        "legal_representative": "王五", "registered_address": "福建省福州市鼓楼区五四路1号",
        "operating_address": "福建省福州市仓山区建新镇2号", "service_phone": "0591-88880000",
        "contact_name": "赵六", "contact_phone": "13700001111", "contact_email": f"shop{n}@example.com",
        "category": "apparel",
    }
    data.update(overrides)
    return data


def signup(**overrides):
    """A new applicant: (user, application) in draft."""
    n = next(_seq)
    return services.merchant_signup(username=f"applicant{n}", password="Shop-pass-2026!", email=f"a{n}@example.com",
                                     identity=identity(**overrides))


def add_licence(user, application, kind: str, *, valid_from=date(2024, 1, 1), valid_until=None, number=None):
    return services.licence_add(actor=user, application_id=application.pk, kind=kind,
                                number=number or f"NO-{next(_seq):06d}", issuer="福州市市场监督管理局",
                                valid_from=valid_from, valid_until=valid_until, name="licence.pdf", content=PDF)


def approved_merchant(compliance, *, category: str = "apparel", extra_licences=(), deposit: str | None = None,
                      finance=None, licence_until=None) -> tuple:
    """An applicant taken through to approval. Returns (merchant, merchant_user)."""
    user, application = signup(category=category)
    add_licence(user, application, "business_licence", valid_until=licence_until)
    for kind in extra_licences:
        add_licence(user, application, kind, valid_until=licence_until)
    services.application_submit(actor=user, application_id=application.pk)
    services.application_review(actor=compliance, application_id=application.pk, decision="approve",
                                reasons="资质齐全，予以通过")
    merchant = Merchant.objects.get(pk=application.merchant_id)
    if deposit is not None:
        services.deposit_top_up(actor=finance or compliance, merchant_id=merchant.pk, amount=Decimal(deposit),
                                reference="BANK-1")
        merchant.refresh_from_db()
    return merchant, user
