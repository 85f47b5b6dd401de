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


EMAIL_VERIFY_SALT = "weiquan.accounts.email-verify"
EMAIL_VERIFY_MAX_AGE = 3 * 24 * 3600


def email_verification_token(user) -> str:
    """A signed token for this user's current address: it stops working once the address changes, or after 3 days."""
    from django.core import signing

    return signing.dumps({"u": user.pk, "e": (user.email or "").lower()}, salt=EMAIL_VERIFY_SALT, compress=True)


def email_verification_send(*, user, link_for) -> bool:
    """E-mail a verification link (`link_for(token)` makes the absolute address). False when there is no address."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _

    if not user.email:
        return False
    link = link_for(email_verification_token(user))
    send_mail(_("维权：验证电子邮箱"), _("请打开下面的链接，验证这个邮箱属于你：\n%(link)s\n链接 3 天内有效。")
              % {"link": link}, None, [user.email])
    return True


def _token_user(token: str):
    from django.core import signing

    try:
        data = signing.loads(token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u")).first() if isinstance(data, dict) else None
    if user is None or not user.email or user.email.lower() != data.get("e"):
        return None
    return user


def email_verification_valid(*, token: str) -> bool:
    return _token_user(token) is not None


def email_verify(*, token: str):
    """The user whose current address the token vouches for, now marked verified; None for a bad or stale token."""
    from django.utils import timezone

    user = _token_user(token)
    if user is None:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


USERNAME_PATTERN = re.compile(r"[\w.@+-]{3,150}")


def username_problem(username: str) -> str | None:
    """Why a new account may not take this name ("invalid" or "taken"), or None. The same rule for every sign-up:
    3-150 letters, digits or @/./+/-/_, and unique whatever the case ("Alice" is taken when "alice" exists)."""
    if not USERNAME_PATTERN.fullmatch(username or ""):
        return "invalid"
    if get_user_model().objects.filter(username__iexact=username).exists():
        return "taken"
    return None


def user_restrict_processing(*, user, restricted: bool) -> None:
    """Start or end the restriction of a person's data (R-PIPL-DELETE); the privacy app decides when."""
    user.processing_restricted = restricted
    get_user_model().objects.filter(pk=user.pk).update(processing_restricted=restricted)


def user_pseudonymise(*, user) -> None:
    """Erase what identifies a person on their account row (PIPL Art.47): the row stays, under a random name, so the
    records that point at it (cases, orders, the access log) keep their meaning without naming anyone. The account can
    no longer sign in, and its tokens, devices and sessions go."""
    from django.contrib.sessions.models import Session

    from weiquan.accounts.models import StaffTOTPDevice

    user.username = f"erased-{secrets.token_hex(8)}"
    user.first_name = user.last_name = ""
    user.email = ""
    user.email_verified_at = None
    user.external_id = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user_set_personal_data(user=user, display_name="", phone="", address="")
    ApiToken.objects.filter(user=user).delete()
    StaffTOTPDevice.objects.filter(user=user).delete()
    for session in Session.objects.all().iterator():  # sessions are keyed by an opaque id, not by user
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
