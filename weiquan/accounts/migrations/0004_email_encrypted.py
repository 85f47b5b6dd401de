"""Consumer e-mail addresses encrypted like the other contact fields, with a blind index for sign-in and password
reset by e-mail (docs/decisions/0016). Existing addresses are encrypted in place; reversing decrypts them."""

from django.db import migrations, models

import weiquan.core.fields


def _rows(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, email FROM accounts_user WHERE email <> ''")
        return cursor.fetchall()


def encrypt_existing(apps, schema_editor):
    from weiquan.core import crypto

    with schema_editor.connection.cursor() as cursor:
        for pk, email in _rows(schema_editor):
            if email.startswith(f"{crypto.PREFIX}:"):
                continue  # already encrypted
            cursor.execute("UPDATE accounts_user SET email = %s, email_index = %s WHERE id = %s",
                           [crypto.encrypt(email), crypto.blind_index(email.strip()), pk])


def decrypt_existing(apps, schema_editor):
    from weiquan.core import crypto

    with schema_editor.connection.cursor() as cursor:
        for pk, email in _rows(schema_editor):
            if email.startswith(f"{crypto.PREFIX}:"):
                cursor.execute("UPDATE accounts_user SET email = %s WHERE id = %s", [crypto.decrypt(email)[:254], pk])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_email_verified_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_index",
            field=models.CharField(blank=True, db_index=True, default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=weiquan.core.fields.EncryptedEmailField(blank=True, default="", verbose_name="电子邮箱"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
