from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_totp_encrypted")]

    operations = [
        migrations.AddField(
            model_name="user", name="processing_restricted",
            field=models.BooleanField(db_index=True, default=False, editable=False, verbose_name="已停止处理"),
        ),
    ]
