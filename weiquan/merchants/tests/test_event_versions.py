"""Merchant event digest versions: version 2 covers `visible_to_merchant` and the version itself, version 3 also the
governance rows (test_governance_tamper.py); chains written before them (version 1) still verify as they were
written, and a chain's versions never go down."""

import hashlib
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from weiquan.accounts.services import token_create
from weiquan.core import hashchain
from weiquan.merchants import services
from weiquan.merchants.events import event_fields, record_event, verify_all_merchant_chains, verify_merchant_chain
from weiquan.merchants.models import EVENT_HASH_VERSION, Merchant, MerchantEvent
from weiquan.merchants.tests.helpers import approved_merchant

pytestmark = pytest.mark.django_db
V3 = "d945c3969205dd7befea2d4bea9e6e9ecbb02775ae8e55c00fe0dac60724889a"  # the version 3 digest of the fixed event below, committing one penalty row


def frozen_v1_digest(event: MerchantEvent, prev_hash: str) -> str:
    """The digest as every merchant event was hashed before versions existed, written out here on purpose: deployed
    chains hold these, so version 1 must keep giving exactly this."""
    body = json.dumps(
        {
            "merchant": event.merchant_id,
            "seq": event.seq,
            "type": event.type,
            "actor": event.actor_id,
            "role": event.actor_role,
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "rule": event.rule_id,
            "old": event.old,
            "new": event.new,
            "data": event.data,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def store_as_version_1(merchant: Merchant) -> None:
    """What a database written before versions holds for this merchant: every event version 1, hashed without its
    visibility, and the head on the merchant to match."""
    prev = hashchain.GENESIS
    for event in merchant.events.order_by("seq"):
        digest = frozen_v1_digest(event, prev)
        MerchantEvent.objects.filter(pk=event.pk).update(hash_version=1, prev_hash=prev, hash=digest)
        prev = digest
    Merchant.objects.filter(pk=merchant.pk).update(event_head=prev)


def versions(merchant: Merchant) -> list[int]:
    return list(merchant.events.order_by("seq").values_list("hash_version", flat=True))


def where(merchant: Merchant) -> tuple | None:
    problem = verify_merchant_chain(merchant)
    return (problem.seq, problem.problem) if problem else None


def events_api(user, merchant: Merchant) -> dict:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}")
    response = client.get(f"/api/v1/merchants/{merchant.pk}/events")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def shop(cast):
    """An approved merchant whose sixth event is a staff-only note (the others are shown to the merchant)."""
    merchant, owner = approved_merchant(cast.compliance)
    record_event(
        merchant,
        type="internal_note",
        actor=cast.compliance,
        data={"note": "疑似刷单，继续观察"},
        visible_to_merchant=False,
    )
    assert list(merchant.events.order_by("seq").values_list("type", "visible_to_merchant")) == [
        ("application_created", True),
        ("licence_added", True),
        ("application_submitted", True),
        ("application_approved", True),
        ("status_changed", True),
        ("internal_note", False),
    ]
    merchant.owner = owner
    return merchant


@pytest.fixture
def mixed(cast):
    """A merchant approved before versions (two events: version 1) whose record has gone on since (two more)."""
    merchant, _owner = approved_merchant(cast.compliance)
    MerchantEvent.objects.filter(merchant=merchant, seq__gt=2).delete()
    Merchant.objects.filter(pk=merchant.pk).update(event_count=2)
    store_as_version_1(merchant)
    services.penalty_impose(
        actor=cast.compliance, merchant_id=merchant.pk, kind="warning", reason="虚假发货", rule_id="R-ECL59"
    )
    record_event(merchant, type="internal_note", actor=cast.compliance, visible_to_merchant=False)
    assert versions(merchant) == [1, 1, 3, 3]
    return Merchant.objects.get(pk=merchant.pk)


def test_the_digest_formats_are_fixed():
    """Version 1 gives what the code gave before versions (value computed with that code); version 2 changes with
    the visibility, version 1 does not."""
    fields = dict(
        merchant_id=42,
        seq=3,
        type="penalty_imposed",
        actor_id=7,
        actor_role="compliance",
        at=datetime(2026, 3, 4, 9, 30, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai")),
        rule_id="R-PLAT-1",
        old={"status": "active"},
        new={"status": "restricted"},
        data={"reason": "虚假宣传"},
    )

    def digest(**kwargs) -> str:
        return hashchain.digest(event_fields(**fields, **kwargs), "ab" * 32)

    v1 = "46bb514ee4533804725c284f38940a80c335a00a205b801cc4855802c453c3ec"
    assert digest(visible_to_merchant=False, hash_version=1) == v1
    assert digest(visible_to_merchant=True, hash_version=1) == v1
    assert digest(visible_to_merchant=False, hash_version=2) == (
        "e12dd9a074c08615788ffcc343a56a1adc56a6bc71b50342c53b8b73b706b215"
    )
    assert digest(visible_to_merchant=True, hash_version=2) == (
        "7c1c54aaad250ade325c02a9b6923534847f1ea492b12c5c013250e4b75cbf74"
    )
    assert digest(visible_to_merchant=True, content={"penalty:9": "cd" * 32}) == V3
    assert digest(visible_to_merchant=True, content={"penalty:9": "ce" * 32}) != V3
    assert EVENT_HASH_VERSION == 3
    with pytest.raises(ValueError, match="unknown event hash version 4"):
        digest(visible_to_merchant=True, hash_version=4)


def test_new_events_are_version_3_and_verify(shop):
    assert versions(shop) == [3, 3, 3, 3, 3, 3]
    assert where(shop) is None
    assert events_api(shop.owner, shop)["intact"] is True


@pytest.mark.parametrize("seq, visible", [(6, True), (5, False), (1, False)])
def test_flipping_visibility_of_a_new_event_is_detected_naming_it(cast, shop, seq, visible):
    """Showing the staff-only note to the merchant (or hiding an event it saw) breaks the chain at that event."""
    assert MerchantEvent.objects.filter(merchant=shop, seq=seq).update(visible_to_merchant=visible) == 1
    assert where(shop) == (seq, "content was changed")
    assert [(p.merchant_id, p.seq) for p in verify_all_merchant_chains()] == [(shop.pk, seq)]
    for reader in (shop.owner, cast.compliance):
        body = events_api(reader, shop)
        assert (body["intact"], body["problem"]) == (False, f"merchant {shop.pk}: event #{seq}: content was changed")
    MerchantEvent.objects.filter(merchant=shop, seq=seq).update(visible_to_merchant=not visible)
    assert where(shop) is None


def test_an_old_style_version_1_chain_still_verifies(shop):
    store_as_version_1(shop)
    assert versions(shop) == [1, 1, 1, 1, 1, 1]
    assert where(shop) is None
    assert list(verify_all_merchant_chains()) == []
    assert events_api(shop.owner, shop)["intact"] is True
    # Version 1 still catches what it always covered.
    MerchantEvent.objects.filter(merchant=shop, seq=3).update(data={"forged": True})
    assert where(shop) == (3, "content was changed")


def test_version_1_events_keep_their_old_limit(shop):
    """Their digests never covered visibility, and are not rewritten: a flip there stays unseen, as before."""
    store_as_version_1(shop)
    MerchantEvent.objects.filter(merchant=shop, seq=6).update(visible_to_merchant=True)
    assert where(shop) is None


def test_a_chain_of_versions_1_1_2_2_verifies(mixed):
    events = list(mixed.events.order_by("seq"))
    assert [e.type for e in events] == ["application_created", "licence_added", "penalty_imposed", "internal_note"]
    assert events[2].prev_hash == events[1].hash  # the first new event follows on from the old chain
    assert where(mixed) is None
    assert list(verify_all_merchant_chains()) == []


def test_visibility_is_covered_from_the_first_version_2_event_on(mixed):
    MerchantEvent.objects.filter(merchant=mixed, seq=2).update(visible_to_merchant=False)
    assert where(mixed) is None  # version 1: as before
    MerchantEvent.objects.filter(merchant=mixed, seq=3).update(visible_to_merchant=False)
    assert where(mixed) == (3, "content was changed")


def test_downgrading_a_version_2_event_is_detected(mixed):
    MerchantEvent.objects.filter(merchant=mixed, seq=4).update(hash_version=1)
    assert where(mixed) == (4, "hash version went down (1 after 3)")
    MerchantEvent.objects.filter(merchant=mixed, seq=4).update(hash_version=3)
    assert where(mixed) is None
    # The first version 2 event relabelled: its digest no longer matches.
    MerchantEvent.objects.filter(merchant=mixed, seq=3).update(hash_version=1)
    assert where(mixed) == (3, "content was changed")


def test_a_downgrade_with_the_old_digest_recomputed_is_still_refused(mixed):
    """Someone relabels the staff-only note as version 1, hashes it the old way (so its visibility is free to
    change), shows it to the merchant and moves the head to match: versions going down along the chain give it
    away."""
    event = mixed.events.get(seq=4)
    digest = frozen_v1_digest(event, event.prev_hash)
    MerchantEvent.objects.filter(pk=event.pk).update(hash_version=1, hash=digest, visible_to_merchant=True)
    Merchant.objects.filter(pk=mixed.pk).update(event_head=digest)
    assert where(mixed) == (4, "hash version went down (1 after 3)")
    assert [(p.seq, p.problem) for p in verify_all_merchant_chains()] == [(4, "hash version went down (1 after 3)")]


def test_downgrading_the_first_event_of_a_new_chain_is_detected(shop):
    MerchantEvent.objects.filter(merchant=shop, seq=1).update(hash_version=1)
    assert where(shop) == (1, "content was changed")


@pytest.mark.parametrize("bad", [0, 4])
def test_an_unknown_version_is_refused(shop, bad):
    MerchantEvent.objects.filter(merchant=shop, seq=2).update(hash_version=bad)
    assert where(shop) == (2, f"unknown hash version {bad}")
    assert events_api(shop.owner, shop)["problem"] == f"merchant {shop.pk}: event #2: unknown hash version {bad}"
