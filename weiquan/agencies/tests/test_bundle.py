"""Evidence bundles: export, verify (0), and each kind of tampering found and named (1): a byte of a file, a dropped
event, an added file, a missing file, another key; the CLI and the public verification page say the same."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from weiquan.agencies.bundle import EVENTS, MANIFEST, build_bundle, verify_bundle
from weiquan.agencies.models import Body
from weiquan.complaints.models import Status
from weiquan.complaints.services.thread import evidence_add
from weiquan.core import signing
from weiquan.testing.cases import PNG, drive_to, media_in_tmp  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast, media_in_tmp):  # noqa: F811
    complaint = drive_to(Status.IN_MEDIATION, cast)
    evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="袖口照片.png", content=PNG)
    evidence_add(actor=cast.merchant, complaint_id=complaint.pk, name="发货单.pdf", content=b"%PDF-1.4 shipping")
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def body(db):
    return Body.objects.create(code="sh-amr-pudong", name="上海市浦东新区市场监督管理局", kind="regulator",
                               region="上海市浦东新区")


def _rezip(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    contents = {n: source.read(n) for n in source.namelist()}
    change(contents)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, raw in contents.items():
            archive.writestr(name, raw)
    return out.getvalue()


def test_an_exported_bundle_verifies_and_holds_everything(case, body):
    data = build_bundle(complaint=case, body=body, contact={"name": "张三", "phone": "13812341234"})
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == {"cover-letter.pdf", "evidence/01-袖口照片.png", "evidence/02-发货单.pdf", EVENTS, MANIFEST,
                     "signature.json"}
    verdict = verify_bundle(data, keys=signing.trusted_keys())
    assert verdict.ok and verdict.case == case.reference and verdict.events == case.event_count
    events = json.loads(zipfile.ZipFile(io.BytesIO(data)).read(EVENTS))
    assert [e["seq"] for e in events["events"]] == list(range(1, case.event_count + 1))
    pdf = zipfile.ZipFile(io.BytesIO(data)).read("cover-letter.pdf")
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # the CJK font is embedded


def test_one_altered_byte_in_a_file_is_named(case, body):
    data = build_bundle(complaint=case, body=body)
    evidence = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("evidence/01"))

    def flip(contents):
        raw = bytearray(contents[evidence])
        raw[-1] ^= 1
        contents[evidence] = bytes(raw)

    assert verify_bundle(_rezip(data, flip), keys=signing.trusted_keys()).problem == f"altered file: {evidence}"


def test_a_dropped_event_is_named(case, body):
    data = build_bundle(complaint=case, body=body)

    def drop(contents):
        document = json.loads(contents[EVENTS])
        del document["events"][2]
        contents[EVENTS] = json.dumps(document).encode()

    assert verify_bundle(_rezip(data, drop), keys=signing.trusted_keys()).problem == \
        "events.json: event 3 is missing (found event 4 in its place)"


def test_an_altered_event_is_named(case, body):
    data = build_bundle(complaint=case, body=body)

    def edit(contents):
        document = json.loads(contents[EVENTS])
        document["events"][1]["new"]["status"] = "closed"
        contents[EVENTS] = json.dumps(document).encode()

    problem = verify_bundle(_rezip(data, edit), keys=signing.trusted_keys()).problem
    assert problem.startswith("events.json: event 2 (") and problem.endswith("was altered")


def test_an_added_and_a_missing_file_are_named(case, body):
    data = build_bundle(complaint=case, body=body)
    added = _rezip(data, lambda c: c.__setitem__("evidence/99-extra.png", PNG))
    assert verify_bundle(added, keys=signing.trusted_keys()).problem == "added file: evidence/99-extra.png"
    missing = _rezip(data, lambda c: c.pop("cover-letter.pdf"))
    assert verify_bundle(missing, keys=signing.trusted_keys()).problem == "missing file: cover-letter.pdf"


def test_a_manifest_edited_to_match_fails_the_signature_and_another_key_is_refused(case, body, settings):
    data = build_bundle(complaint=case, body=body)

    def rewrite(contents):
        manifest = json.loads(contents[MANIFEST])
        manifest["case"] = "FORGED"
        contents[MANIFEST] = json.dumps(manifest).encode()

    assert verify_bundle(_rezip(data, rewrite), keys=signing.trusted_keys()).problem == \
        "signature.json: the signature does not match"
    settings.SIGNING_KEYS = ["some-other-installation"]
    assert "not among the trusted keys" in verify_bundle(data, keys=signing.trusted_keys()).problem


def test_the_commands_exit_0_when_intact_and_1_naming_the_problem(case, body, tmp_path):
    path, key = tmp_path / "case.zip", tmp_path / "keys.json"
    call_command("export-bundle", case.reference, "-o", str(path), "--to", body.code)
    key.write_text(json.dumps(signing.keys_document()))
    out = io.StringIO()
    call_command("verify-bundle", str(path), "--key", str(key), stdout=out)
    assert out.getvalue().startswith(f"intact: case {case.reference}")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(_rezip(path.read_bytes(), lambda c: c.__setitem__("notes.txt", b"x")))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify-bundle", str(broken), "--key", str(key), stderr=err)
    assert exit_code.value.code == 1 and err.getvalue().strip() == "NOT INTACT: added file: notes.txt"


def test_the_public_page_verifies_an_upload_and_stores_nothing(case, body, tmp_path, settings):
    data = build_bundle(complaint=case, body=body)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    client = Client()
    page = client.post("/verify-bundle/", {"bundle": io.BytesIO(data)}, format="multipart")
    html = page.content.decode()
    assert page.status_code == 200 and "完整" in html and case.reference in html
    broken = _rezip(data, lambda c: c.__setitem__("x.txt", b"x"))
    f = io.BytesIO(broken)
    f.name = "b.zip"
    html = client.post("/verify-bundle/", {"bundle": f}).content.decode()
    assert "added file: x.txt" in html
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
