"""Merchant governance chains commit to their rows (docs/decisions/0010): a salt per merchant, the `content` of
version-3 events, and one staff-only "snapshot" event per merchant committing its governance rows as they are now."""

import weiquan.merchants.content
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('merchants', '0005_one_open_onboarding_per_uscc'),
        ('quality', '0003_listing_promises_no_reason_return'),  # the snapshot reads spot-check results
    ]

    operations = [
        migrations.AddField(
            model_name='merchant',
            name='content_salt',
            field=models.CharField(default=weiquan.merchants.content.new_salt, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='merchantevent',
            name='content',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='merchantevent',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=3),
        ),
    ]


def snapshot_governance(apps, schema_editor):
    """Give every merchant a salt of its own, then commit its governance rows to its chain with one staff-only
    "snapshot" event (a merchant no event has touched and still as created needs none: `fresh` records it)."""
    from django.utils import timezone

    from weiquan.core import hashchain
    from weiquan.merchants.content import ROW_KINDS, content_map, fresh, new_salt
    from weiquan.merchants.events import event_fields

    models = {"Merchant": apps.get_model("merchants", "Merchant"),
              **{name: apps.get_model(app, name) for _, app, name, _, _ in ROW_KINDS}}
    merchant_model, event_model = models["Merchant"], apps.get_model("merchants", "MerchantEvent")
    for pk in merchant_model.objects.values_list("pk", flat=True).iterator(chunk_size=2000):
        merchant_model.objects.filter(pk=pk).update(content_salt=new_salt())  # AddField gave them all one
    now = timezone.now()
    data = {"reason": "governance rows committed from here on; the merchant's rows as they were then"}
    for merchant in merchant_model.objects.order_by("pk").values("pk", "event_count", "event_head",
                                                                "content_salt").iterator(chunk_size=500):
        content = content_map(merchant["pk"], models)
        if not merchant["event_count"] and content == fresh(merchant["pk"], merchant["content_salt"], models):
            continue
        seq, prev_hash = merchant["event_count"] + 1, merchant["event_head"] or hashchain.GENESIS
        digest = hashchain.digest(event_fields(
            merchant_id=merchant["pk"], seq=seq, type="snapshot", actor_id=None, actor_role="system", at=now,
            rule_id="", old={}, new={}, data=data, visible_to_merchant=False, hash_version=3, content=content),
            prev_hash)
        event_model.objects.create(merchant_id=merchant["pk"], seq=seq, type="snapshot", actor=None,
                                   actor_role="system", at=now, rule_id="", old={}, new={}, data=data,
                                   visible_to_merchant=False, hash_version=3, content=content, prev_hash=prev_hash,
                                   hash=digest)
        merchant_model.objects.filter(pk=merchant["pk"]).update(event_count=seq, event_head=digest)


Migration.operations += [migrations.RunPython(snapshot_governance, migrations.RunPython.noop)]
