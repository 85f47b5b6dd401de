"""Browser tests: the real app served by `weiquan serve` (gunicorn) on a free 127.0.0.1 port, against its own
temporary SQLite database (migrated, then seeded through the services), driven by Debian's Chromium.

Without /usr/bin/chromium every test here is skipped with the reason said; with CI=true a missing Chromium fails.
Fixtures:
  e2e_server     the running server: .url, .data (what the seed made), .python(code) (run code against its database)
  browser        one headless Chromium per test module (for the tests against e2e_server or demo)
  live_browser   one headless Chromium per test, for tests served by pytest-django's live_server
  context_for    context_for("username", language="zh-hans", width=1280) -> a logged-in page in its own context
  anonymous_page anonymous_page(language="zh-hans", width=1280) -> a page in a fresh context
  make_png       make_png(width, height, rgb) -> the bytes of a real PNG image
  demo           the demo as `make demo` runs it: `weiquan demo` seeded, then `weiquan run` (web server and worker
                 with its sweeps every 2 s, nothing delivered inline): .url, .python(code). One per session.
  demo_login     demo_login("consumer1", language="zh-hans") -> a page of the demo, logged in (password weiquan-demo)
"""

import json
import os
import signal
import struct
import subprocess
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest

from weiquan.testing.servers import running_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "pass-1234-word"
DEMO_PASSWORD = "weiquan-demo"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic", "--no-first-run"]
WEIQUAN = str(Path(sys.executable).with_name("weiquan"))
WEIQUAN_MODULE = [sys.executable, "-m", "weiquan.cli"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required():
    """Skip the browser tests out loud without Chromium; in CI that is a failure, not a skip."""
    if CHROMIUM.exists():
        return
    reason = f"real-browser tests need {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true does not allow skipping them", pytrace=False)
    pytest.skip(reason)


def png_bytes(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A real PNG image (a filled rectangle), made here so the tests need no binary fixtures."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def seed() -> None:
    """Runs inside the server's environment (see e2e_server): people, orders and one case in progress."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from weiquan.accounts.models import Role
    from weiquan.complaints.services import complaint_act, evidence_add, message_post
    from weiquan.testing.factories import file_complaint, make_merchant, make_order, make_user

    shop = make_merchant("优选服饰旗舰店")
    people = {
        "merchant": make_user(Role.MERCHANT, username="shop_staff", merchant=shop),
        "agent": make_user(Role.AGENT, username="agent_li"),
        "supervisor": make_user(Role.SUPERVISOR, username="super_wang"),
        "consumer": make_user(Role.CONSUMER, username="zhang_san", display_name="张三", phone="13812341234"),
        "shot_consumer": make_user(Role.CONSUMER, username="li_si", display_name="李四", phone="13900001111"),
    }
    received = timezone.now() - timedelta(days=2)
    journey_order = make_order(consumer=people["consumer"], merchant=shop, received_at=received, price="299.00")
    make_order(consumer=people["consumer"], merchant=shop, received_at=received - timedelta(days=20), lines=2,
               price="89.90")
    # A case already under way, for the screenshots of every page that shows a case.
    shot_order = make_order(consumer=people["shot_consumer"], merchant=shop, received_at=received, price="1299.00")
    case = file_complaint(consumer=people["shot_consumer"], order=shot_order, category="quality",
                          title="耳机右侧没有声音", description="收到第二天右耳就没有声音了，换了手机也一样。",
                          remedies_wanted=["refund", "return"], amount_claimed="1299.00")
    evidence_add(actor=people["shot_consumer"], complaint_id=case.pk, name="右耳测试.png", content=png_bytes())
    complaint_act(actor=people["agent"], complaint_id=case.pk, action="accept")
    message_post(actor=people["merchant"], complaint_id=case.pk, body="您好，请问耳机是否有进水或摔落？")
    message_post(actor=people["shot_consumer"], complaint_id=case.pk, body="没有，正常使用。")
    complaint_act(actor=people["merchant"], complaint_id=case.pk, action="respond",
                  data={"kind": "offer", "reasons": "可以换新或退一半货款。",
                        "remedies": [{"kind": "exchange", "amount": "0"}, {"kind": "refund", "amount": "650.00"}]})
    print(json.dumps({"journey_order": journey_order.order_no, "shot_case": case.pk,
                      "users": {k: u.username for k, u in people.items()}}))


@pytest.fixture
def make_png():
    return png_bytes


class Server:
    def __init__(self, url: str, env: dict, data: dict):
        self.url, self.env, self.data = url, env, data

    def python(self, code: str) -> str:
        """Run `code` (after django.setup()) against the server's database; returns what it printed."""
        script = "import django\ndjango.setup()\n" + code
        done = subprocess.run([sys.executable, "-c", script], env=self.env, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout


@pytest.fixture(scope="session")
def e2e_server(_chromium_required, tmp_path_factory, server_databases):
    var = tmp_path_factory.mktemp("e2e-var")
    env = {
        **server_databases.migrated(var),  # as `weiquan migrate` leaves it, keys generated under var
        "WEIQUAN_TASKS": "immediate",  # notifications are delivered as events happen, no worker needed
    }
    seeded = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('tests/e2e/conftest.py')['seed']()"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    with running_server([WEIQUAN, "serve", "--workers", "2"], env=env, cwd=ROOT, log=var / "server.log") as server:
        yield Server(server.url, env, data)


class Demo:
    def __init__(self, url: str, env: dict):
        self.url, self.env = url, env

    def python(self, code: str) -> str:
        done = subprocess.run([sys.executable, "-c", "import django\ndjango.setup()\n" + code], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout.strip()


@pytest.fixture(scope="session")
def demo(tmp_path_factory, _chromium_required, server_databases):
    """Shared by the journeys that need the background work as the demo runs it."""
    var = tmp_path_factory.mktemp("demo-var")
    env = server_databases.demo(var)  # as `weiquan migrate` then `weiquan demo` leave it
    with running_server([*WEIQUAN_MODULE, "run", "--sweep-interval", "2"], env=env, cwd=ROOT, log=var / "run.log",
                        start_timeout=90, stop_signal=signal.SIGINT) as server:  # as Ctrl+C: server and worker stop
        yield Demo(server.url, env)


@contextmanager
def _chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


# One Chromium per test module rather than per session: Playwright's sync API allows one instance per thread, and
# the live-server tests start theirs with `live_browser`.
@pytest.fixture(scope="module")
def browser(_chromium_required):
    with _chromium() as chromium:
        yield chromium


@pytest.fixture
def live_browser(_chromium_required, live_server):
    """Chromium for a test served by pytest-django's live server, started after its database is set up and stopped
    before it is flushed. While Playwright runs, an event loop runs in this thread and Django hands the thread
    another connection, one without the serialized copy of the database: a module-wide browser would make the
    test's serialized rollback silently do nothing (the root conftest fails such a test)."""
    with _chromium() as chromium:
        yield chromium


def _new_page(browser, server: Server, language: str, width: int):
    context = browser.new_context(locale="zh-CN" if language == "zh-hans" else "en-US",
                                  viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


@pytest.fixture
def anonymous_page(browser, e2e_server):
    contexts = []

    def make(language: str = "zh-hans", width: int = 1280):
        context, page = _new_page(browser, e2e_server, language, width)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def _signed_in_pages(browser, server, password: str):
    """Yield a maker that signs `username` in through the login form, each in a browser context of its own."""
    contexts = []

    def make(username: str, *, language: str = "zh-hans", width: int = 1280):
        context, page = _new_page(browser, server, language, width)
        contexts.append(context)
        page.goto(server.url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context_for(browser, e2e_server):
    """Log `username` in through the login form, in a browser context of its own; returns the page."""
    yield from _signed_in_pages(browser, e2e_server, PASSWORD)


@pytest.fixture
def demo_login(browser, demo):
    yield from _signed_in_pages(browser, demo, DEMO_PASSWORD)
