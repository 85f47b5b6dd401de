"""The quality department's settings (one row, defaults until staff save it)."""

from weiquan.quality.models import QualityPolicy


def quality_policy() -> QualityPolicy:
    return QualityPolicy.objects.order_by("pk").first() or QualityPolicy()
