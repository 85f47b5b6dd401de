from weiquan.privacy.models import ChainAnchor, PersonalDataAccess


def personal_data_access_log(*, viewer, subject, fields: list[str], purpose: str) -> None:
    PersonalDataAccess.objects.create(viewer=viewer, subject=subject, fields=fields, purpose=purpose[:200])


def chain_anchor_publish(*, folder: str | None = None, url: str | None = None) -> ChainAnchor:
    """Sign every chain's head and write it out (privacy/anchors.py); remember when, for the hourly schedule."""
    from weiquan.privacy.anchors import anchor_publish

    result = anchor_publish(folder=folder, url=url)
    return ChainAnchor.objects.create(digest=result["digest"], path=result["path"][:500], url=result["url"][:500],
                                      complaints=result["complaints"], merchants=result["merchants"])
