"""The merchant's public page (E-commerce Law Art.15 information, status, published decisions, spot checks) and the
licence scan download (staff and the merchant itself only)."""

from django.http import Http404
from django.shortcuts import render

from weiquan.core.downloads import file_download
from weiquan.merchants import selectors
from weiquan.merchants.labels import ACTION_LABELS, STATUS_MEANING
from weiquan.merchants.models import Merchant


def public_page(request, key: str):
    from weiquan.fairtrade.selectors import rating_summary
    from weiquan.quality.selectors import public_results

    try:
        merchant = selectors.public_merchant(key)
    except Merchant.DoesNotExist:
        raise Http404 from None
    changes = [{"change": c, "label": ACTION_LABELS.get(c.action, c.action)}
               for c in selectors.public_status_changes(merchant)[:100]]
    return render(request, "merchants/public.html", {
        "merchant": merchant, "meaning": STATUS_MEANING.get(merchant.status, ""), "changes": changes,
        "licences": selectors.public_licences(merchant), "results": public_results(merchant_id=merchant.pk)[:50],
        "ratings": rating_summary(merchant.pk),
    })


def licence_file(request, licence_id: int):
    item = selectors.licences_visible_to(request.user).filter(pk=licence_id).first()
    if item is None:
        raise Http404
    ext = "." + item.original_name.rsplit(".", 1)[-1].lower() if "." in item.original_name else ""
    return file_download(item.file, filename=f"licence-{item.pk}{ext}", content_type=item.content_type,
                         inline=request.GET.get("download") != "1")
