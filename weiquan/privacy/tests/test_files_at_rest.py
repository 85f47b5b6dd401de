"""Evidence at rest: AES-GCM under the PII keys (rotated like them), 0600 files in 0700 folders, served decrypted only
to the parties and staff, and a refused upload leaves nothing on disk."""

import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from weiquan.complaints.models import Evidence
from weiquan.complaints.services import evidence_add
from weiquan.core import crypto
from weiquan.testing.cases import PNG, act, fast_passwords, login, media_in_tmp, new_case  # noqa: F401

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_evidence_is_encrypted_on_disk_private_and_served_whole_to_parties_only(cast, settings):
    case = new_case(cast)
    item = evidence_add(actor=cast.consumer, complaint_id=case.pk, name="收据.png", content=PNG)
    [path] = stored_files(settings)
    raw = path.read_bytes()
    assert raw.startswith(b"WQE1") and PNG not in raw and len(raw) == len(PNG) + 4 + 8 + 12 + 16
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    url = f"/complaints/case/{case.pk}/evidence/{item.pk}/"
    answer = login(cast.consumer).get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PNG
    assert login(cast.other_consumer).get(url).status_code == 404
    assert login(cast.other_merchant).get(url).status_code == 404


def test_files_follow_the_pii_key_rotation(cast, settings):
    case = new_case(cast)
    item = evidence_add(actor=cast.consumer, complaint_id=case.pk, name="收据.png", content=PNG)
    [path] = stored_files(settings)
    legacy = Path(settings.MEDIA_ROOT) / "evidence" / "legacy-plain"
    legacy.write_bytes(b"%PDF-1.4 written before encryption")
    old_key = settings.PII_KEYS[0]
    settings.PII_KEYS = ["a-new-key-for-this-test", old_key]
    assert Evidence.objects.get(pk=item.pk).file.open("rb").read() == PNG  # the old key still decrypts
    out = StringIO()
    call_command("encrypt-files", stdout=out)
    assert out.getvalue().strip() == "2 of 2 files encrypted under the current key"
    assert not crypto.file_needs_rotation(path.read_bytes()) and not crypto.file_needs_rotation(legacy.read_bytes())
    settings.PII_KEYS = ["a-new-key-for-this-test"]  # the old key retired
    assert Evidence.objects.get(pk=item.pk).file.open("rb").read() == PNG
    call_command("encrypt-files", stdout=out)
    assert out.getvalue().strip().endswith("0 of 2 files encrypted under the current key")


def test_a_refused_answer_leaves_none_of_its_files_on_disk(cast, settings):
    case = new_case(cast)
    case = act(cast.agent, case, "accept")
    files = [SimpleUploadedFile("快递单.png", PNG, content_type="image/png"),
             SimpleUploadedFile("说明.exe", b"MZ\x90\x00 not evidence", content_type="application/octet-stream")]
    answer = login(cast.merchant).post(f"/complaints/merchant/cases/{case.pk}/respond/", {
        "kind": "refusal", "reasons": "商品已超过退货期限，且有明显使用痕迹。", "file": files})
    assert answer.status_code == 302
    assert not Evidence.objects.filter(complaint=case).exists()
    assert stored_files(settings) == []  # the first file was stored, then the answer was refused: it went too
    case.refresh_from_db()
    assert case.status == "awaiting_merchant"
