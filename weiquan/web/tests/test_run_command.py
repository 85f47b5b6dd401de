"""`weiquan run` (what `make demo` starts): a real web server and a real worker as child processes of one command,
on a fresh demo database. Within seconds the worker delivers what a new case causes (notifications, triage) and the
sweeps leave their results (SLA breach of the overdue case, risk scores, spikes, clusters, published decisions);
one SIGINT stops both children."""

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from weiquan.testing.servers import running_server

ROOT = Path(__file__).resolve().parents[3]
WEIQUAN = [sys.executable, "-m", "weiquan.cli"]



def _python(env: dict, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", "import django\ndjango.setup()\n" + code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _wait(env: dict, what: str, check: str, seconds: float) -> str:
    """Call `check()` (defined by the code `check`) every half second in one process against the server's database,
    until it returns something: a new process per look would spend its seconds starting Django, beside the server
    and the worker it waits for."""
    loop = check + f"""
import time
deadline = time.monotonic() + {seconds}
while not (value := check()):
    if time.monotonic() > deadline:
        raise SystemExit("not within {seconds}s")
    time.sleep(0.5)
print(value)
"""
    done = subprocess.run([sys.executable, "-c", "import django\ndjango.setup()\n" + loop], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=seconds + 60)
    assert done.returncode == 0, f"{what}: {done.stderr[-3000:]}"
    return done.stdout.strip().splitlines()[-1]


# The counts once every sweep has run since `since` (None before).
COUNTS = """
from weiquan.core.models import OutboxTask
from weiquan.complaints.models import SlaBreach
from weiquan.insight.models import ComplaintCluster, MerchantRiskScore, SpikeAlert
from weiquan.merchants.models import StatusChange
import datetime, json
since = datetime.datetime.fromisoformat({since!r})
def check():
    swept = sorted(set(p.rsplit(".", 1)[1] for p in OutboxTask.objects.filter(
        state="done", finished_at__gte=since, task_path__endswith="sweep_task").values_list("task_path", flat=True)))
    if not set({sweeps!r}) <= set(swept):
        return None
    return json.dumps({{"swept": swept, "breaches": SlaBreach.objects.count(),
        "risk": MerchantRiskScore.objects.exclude(factors=[]).count(), "spikes": SpikeAlert.objects.count(),
        "clusters": ComplaintCluster.objects.count(),
        "unpublished": StatusChange.objects.filter(published_at__isnull=True).count(),
        "published": StatusChange.objects.filter(published_at__isnull=False).count(),
        "queued": OutboxTask.objects.filter(state="pending").count()}})
"""

NEW_CASE = """
from django.contrib.auth import get_user_model
from weiquan.testing.factories import file_complaint, make_order
from weiquan.merchants.models import Merchant
shop = Merchant.objects.get(external_id="demo-shop-02")
buyer = get_user_model().objects.get(username="consumer1")
case = file_complaint(consumer=buyer, order=make_order(consumer=buyer, merchant=shop), category="quality",
                      title="屏幕碎裂", description="收到时屏幕已经碎裂。")
from weiquan.complaints.services import complaint_act
complaint_act(actor=get_user_model().objects.get(username="agent1"), complaint_id=case.pk, action="accept")
print(case.pk)
"""

DELIVERED = """
from weiquan.insight.models import Triage
from weiquan.notifications.models import Notification
def check():
    return int(Notification.objects.filter(complaint_id={pk}, recipient__username="merchant2").exists()
               and Triage.objects.filter(complaint_id={pk}).exists())
"""


SWEEPS = {"governance_sweep_task", "insight_sweep_task", "sla_sweep_task"}


def test_run_serves_and_works_in_the_background_and_stops_on_one_ctrl_c(tmp_path, server_databases):
    import json

    env = server_databases.demo(tmp_path)  # as `weiquan migrate` and `weiquan demo` leave it
    since = _python(env, "from django.utils import timezone; print(timezone.now().isoformat())")
    with running_server([*WEIQUAN, "run", "--sweep-interval", "1"], env=env, cwd=ROOT, log=tmp_path / "run.log",
                        start_timeout=120, stop_signal=signal.SIGINT) as server:
        pk = int(_python(env, NEW_CASE))
        assert _wait(env, "the new case's notifications and triage", DELIVERED.format(pk=pk), 120) == "1"
        counts = json.loads(_wait(env, "every sweep has run", COUNTS.format(since=since, sweeps=sorted(SWEEPS)), 120))
        assert counts["breaches"] >= 1  # the overdue demo case
        assert counts["risk"] >= 4 and counts["spikes"] >= 1 and counts["clusters"] >= 1
        assert counts["published"] >= 1 and counts["unpublished"] == 0
        assert server.process.poll() is None
    code, output = server.process.returncode, server.output()
    assert code == 0, output[-3000:]
    assert "started web server" in output and "started worker" in output and "stopping (SIGINT)" in output
    # Both children are gone: nothing answers on the port any more.
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{server.url}/accounts/login/", timeout=2)
