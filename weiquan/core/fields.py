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


class Sealed(str):
    """A text to be stored encrypted (it reads, compares and hashes like the text itself)."""


def _attribute(instance, path: str):
    for name in path.split("."):
        instance = getattr(instance, name)
    return instance


class SealableTextField(models.TextField):
    """Free text stored in the clear (so it can be searched) until its row is sealed, then encrypted (AES-GCM).

    `sealed_by` names the instance attribute that says so ("text_sealed", or "complaint.text_sealed" for a row of a
    case). Reading decrypts whatever is encrypted, so every reader (the case page, the chain's content digests) sees
    the same text either way. A stored value that merely looks like ciphertext but does not decrypt is read as typed.
    """

    def __init__(self, *args, sealed_by: str = "", **kwargs):
        self.sealed_by = sealed_by
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value and value.startswith(f"{crypto.PREFIX}:"):
            try:
                return crypto.decrypt(value)
            except crypto.DecryptionError:
                return value
        return value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value and self.sealed_by and _attribute(model_instance, self.sealed_by):
            return Sealed(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, Sealed) and value:
            return crypto.encrypt(str(value))
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        if self.sealed_by:
            kwargs["sealed_by"] = self.sealed_by
        return name, "weiquan.core.fields.SealableTextField", args, kwargs
