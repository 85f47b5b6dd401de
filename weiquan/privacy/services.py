from collections.abc import Iterable

from weiquan.privacy.models import ChainAnchor, PersonalDataAccess


def record_access(*, viewer, subject, field: str | Iterable[str], reason: str) -> PersonalDataAccess | None:
    """The one call every screen makes when someone other than the person sees their personal data whole.

    `field` names what was shown (one name or several: "phone", "address", ...); `reason` is why, in the viewer's
    words or the page's purpose ("complaint WQ-...", "回访核实"). The row feeds the DPO's access report and the person's
    own data export (PIPL Art.44). A person looking at their own data is not recorded (returns None).
    """
    if viewer.pk == subject.pk:
        return None
    fields = [field] if isinstance(field, str) else list(field)
    return PersonalDataAccess.objects.create(viewer=viewer, subject=subject, fields=fields,
                                             purpose=(reason or "").strip()[:200])


def personal_data_access_log(*, viewer, subject, fields: list[str], purpose: str) -> None:
    record_access(viewer=viewer, subject=subject, field=fields, reason=purpose)


def chain_anchor_publish(*, folder: str | None = None, url: str | None = None) -> ChainAnchor:
    """Sign every chain's head and write it out (privacy/anchors.py); remember when, for the hourly schedule."""
    from weiquan.privacy.anchors import anchor_publish

    result = anchor_publish(folder=folder, url=url)
    anchor = ChainAnchor.objects.create(digest=result["digest"], path=result["path"][:500], url=result["url"][:500],
                                        complaints=result["complaints"], merchants=result["merchants"])
    anchor.url_error = result["url_error"]  # not stored: the empty `url` says it was not delivered
    return anchor


def chain_anchor_undelivered() -> ChainAnchor | None:
    """The newest anchor, when it was written to its file but never reached WEIQUAN_ANCHOR_URL."""
    from django.conf import settings

    if not settings.ANCHOR_URL:
        return None
    last = ChainAnchor.objects.order_by("-at", "-pk").first()
    return last if last is not None and last.path and not last.url else None


def chain_anchor_resend(anchor: ChainAnchor) -> ChainAnchor:
    """Send an undelivered anchor's file to WEIQUAN_ANCHOR_URL (the same signed document, not a new one). Raises
    OSError when it fails again."""
    from pathlib import Path

    from django.conf import settings

    from weiquan.privacy.anchors import anchor_send

    anchor_send(Path(anchor.path).read_bytes(), settings.ANCHOR_URL)
    ChainAnchor.objects.filter(pk=anchor.pk).update(url=settings.ANCHOR_URL[:500])
    anchor.url = settings.ANCHOR_URL[:500]
    return anchor
