import re
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from weiquan.accounts.models import ApiToken, Role
from weiquan.core.crypto import blind_index


def token_create(*, user, name: str = "default") -> str:
    """A new bearer token for `user`. The raw value is returned once and never stored."""
    raw = "wq_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], key_hash=ApiToken.hash_key(raw), prefix=raw[:8])
    return raw


def normalise_phone(phone: str) -> str:
    """One spelling per number, so that the blind index matches however it was typed: no spaces or dashes, and a
    mainland mobile without its +86 / 0086 prefix."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    mobile = re.fullmatch(r"(?:\+86|0086|86)(1\d{10})", digits)
    return mobile.group(1) if mobile else digits


def user_set_personal_data(*, user, display_name: str | None = None, phone: str | None = None,
                           address: str | None = None) -> None:
    if display_name is not None:
        user.display_name = display_name.strip()
    if phone is not None:
        user.phone = normalise_phone(phone)
        user.phone_index = blind_index(user.phone)
    if address is not None:
        user.address = address.strip()
    user.save()


@transaction.atomic
def consumer_register(*, username: str, password: str, email: str = "", display_name: str = "", phone: str = "",
                      address: str = "", external_id: str | None = None):
    User = get_user_model()
    user = User(username=username, email=email, role=Role.CONSUMER, external_id=external_id)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user_set_personal_data(user=user, display_name=display_name, phone=phone, address=address)
    return user


def consumer_find_by_phone(*, phone: str):
    return get_user_model().objects.filter(phone_index=blind_index(normalise_phone(phone)), role=Role.CONSUMER).first()
