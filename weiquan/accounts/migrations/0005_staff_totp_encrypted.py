"""Staff TOTP secrets encrypted at rest: a device model of our own whose key is an encrypted field; existing
django-otp devices move over with their key, counters and confirmation (docs/decisions/0016)."""

import django.db.models.deletion
import weiquan.accounts.models
import weiquan.core.fields
from django.conf import settings
from django.db import migrations, models


def move_devices(apps, schema_editor):
    Old = apps.get_model("otp_totp", "TOTPDevice")
    New = apps.get_model("accounts", "StaffTOTPDevice")
    for old in Old.objects.all().order_by("pk"):
        New.objects.create(user_id=old.user_id, name=old.name, confirmed=old.confirmed, key=old.key, step=old.step,
                           t0=old.t0, digits=old.digits, tolerance=old.tolerance, drift=old.drift, last_t=old.last_t,
                           created_at=old.created_at, last_used_at=old.last_used_at,
                           throttling_failure_timestamp=old.throttling_failure_timestamp,
                           throttling_failure_count=old.throttling_failure_count)
        old.delete()  # the plaintext key goes


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_email_encrypted'),
        ('otp_totp', '0003_add_timestamps'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffTOTPDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('key', weiquan.core.fields.EncryptedTextField(default=weiquan.accounts.models._new_totp_key)),
                ('step', models.PositiveSmallIntegerField(default=30)),
                ('t0', models.BigIntegerField(default=0)),
                ('digits', models.PositiveSmallIntegerField(default=6)),
                ('tolerance', models.PositiveSmallIntegerField(default=1)),
                ('drift', models.SmallIntegerField(default=0)),
                ('last_t', models.BigIntegerField(default=-1)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '两步验证设备',
                'verbose_name_plural': '两步验证设备',
                'abstract': False,
            },
        ),
        migrations.RunPython(move_devices, migrations.RunPython.noop),
    ]
