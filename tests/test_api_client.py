"""An integrator's first day: generate a Python client from the live `/api/v1/openapi.json` with
openapi-python-client, without a single warning, and use its typed models against a running server to file a
complaint, take an action and read the case back."""

import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from weiquan.accounts.services import token_create

# The live server needs committed rows; serialized_rollback brings back what the migrations load (the calendar, the
# SLA policies) for the tests after this one, as the project's other transactional tests do.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PACKAGE = "weiquan_api_client"
# File downloads are declared with their real content types; the client reads each as bytes.
FILE_TYPES = ("image/*", "video/*", "application/*", "application/pdf", "image/jpeg", "image/png")


@pytest.fixture
def generated(live_server, tmp_path):
    spec = tmp_path / "openapi.json"
    spec.write_bytes(httpx.get(f"{live_server.url}/api/v1/openapi.json", timeout=60).content)
    config = tmp_path / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\ncontent_type_overrides:\n"
                      + "".join(f"  {kind}: application/octet-stream\n" for kind in FILE_TYPES))
    tool = Path(sys.executable).parent / "openapi-python-client"
    run = subprocess.run([str(tool), "generate", "--path", str(spec), "--config", str(config), "--meta", "none",
                          "--output-path", str(tmp_path / PACKAGE)], capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_file_act_and_read_back_with_the_generated_client(generated, live_server, cast, order):
    api = importlib.import_module(f"{PACKAGE}.api.complaints")
    models = importlib.import_module(f"{PACKAGE}.models")
    consumer = generated.AuthenticatedClient(base_url=live_server.url, timeout=httpx.Timeout(60), token=token_create(user=cast.consumer))
    agent = generated.AuthenticatedClient(base_url=live_server.url, timeout=httpx.Timeout(60), token=token_create(user=cast.agent))

    filed = importlib.import_module(f"{api.__name__}.complaints_create").sync_detailed(client=consumer, body=(
        models.ComplaintIn(order_no=order.order_no, line_nos=[1], category="quality", title="外套开线",
                           description="收到的外套袖口开线，要求退货退款。", remedies_wanted=["refund"],
                           amount_claimed="299.00")))
    assert filed.status_code == 201, filed.content
    case = filed.parsed
    assert isinstance(case, models.ComplaintDetail)
    assert (case.status, case.order.order_no, case.consumer.masked) == ("submitted", order.order_no, False)
    assert "withdraw" in case.allowed_actions

    acted = importlib.import_module(f"{api.__name__}.complaints_act").sync_detailed(
        complaint_id=case.id, action="accept", client=agent, body=models.ComplaintActionIn())
    assert acted.status_code == 200, acted.content
    assert isinstance(acted.parsed, models.ComplaintDetail) and acted.parsed.status == "awaiting_merchant"

    refused = importlib.import_module(f"{api.__name__}.complaints_act").sync_detailed(
        complaint_id=case.id, action="decide", client=consumer, body=models.ComplaintActionIn(outcome="upheld"))
    assert isinstance(refused.parsed, models.Error) and refused.status_code in (403, 409)

    read = importlib.import_module(f"{api.__name__}.complaints_get").sync_detailed(complaint_id=case.id,
                                                                                   client=consumer)
    back = read.parsed
    assert isinstance(back, models.ComplaintDetail)
    assert (back.id, back.reference, back.status) == (case.id, case.reference, "awaiting_merchant")
    assert [type(event).__name__ for event in back.events] == ["EventOut"] * len(back.events)
    assert back.events[-1].new["status"] == "awaiting_merchant" and back.events[-1].label
    assert back.consumer.phone == order.consumer.phone
