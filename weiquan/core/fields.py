from django.db import models

from weiquan.core import crypto


class EncryptedTextField(models.TextField):
    """A text field stored encrypted (AES-GCM); the database never sees the plaintext.

    It cannot be filtered on: look people up through a blind index column instead.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.encrypt(str(value))

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "weiquan.core.fields.EncryptedTextField", args, kwargs


class EncryptedEmailField(EncryptedTextField):
    """An e-mail address stored encrypted; forms (the admin's included) still check it is an address."""

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.EmailField, "max_length": 254, **kwargs,
                                    "widget": forms.EmailInput})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "weiquan.core.fields.EncryptedEmailField", args, kwargs
