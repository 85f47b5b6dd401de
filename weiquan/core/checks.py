"""System checks of the shared kernel (`weiquan check`; Django also runs them before `migrate`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def pii_index_key_is_explicit(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Without its own key the blind index hangs on the oldest PII key, which rotation is meant to retire one day."""
    if settings.DEBUG or settings.PII_INDEX_KEY:
        return []
    return [
        checks.Warning(
            "WEIQUAN_PII_INDEX_KEY is not set: the phone lookup index derives from the last (oldest) key in "
            "WEIQUAN_PII_KEYS, so retiring that key would make every lookup by phone number find no one.",
            hint="Set WEIQUAN_PII_INDEX_KEY (or write var/pii_index_key) to the value of that last key: the stored "
            "indexes stay valid and the key can then leave WEIQUAN_PII_KEYS. A different value needs "
            "`weiquan rebuild-blind-indexes` once.",
            id="core.W001",
        )
    ]
