"""The link-walk and the page-walk (issue 10): every demo role follows every link it is shown, in zh-Hans and in
English. No link may answer 403, 404 or 500; no page may show an internal code as text (a snake_case token on any
page; a rule ID such as R-NR-7D on a consumer's or merchant's page, where laws are named by name and article).

Text people typed, user names, SKUs, file names and e-mail addresses are not codes; user names are allowed by name.

What a page shows does not depend on the database, so each pass walks each role in one language, alternating, and
the two passes of `make test` take opposite languages: every role is walked in both languages and on both databases,
in half the time per pass (the SQLite pass, which also runs the browser tests, used to walk both)."""

from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.walk import codes_in, walk

LANGUAGES = ["zh-hans", "en"]
PARTIES = {"consumer1", "consumer2", "merchant1", "merchant2", "merchant3", "merchant4", "agency1"}
ROLES = ["consumer1", "merchant1", "merchant3", "agent1", "supervisor1", "compliance1", "analyst1", "agency1", "admin",
         None]


@pytest.fixture
def demo(db, settings, tmp_path):
    from io import StringIO

    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    return set(get_user_model().objects.values_list("username", flat=True))


def _client(username, language) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _languages(index: int) -> list[str]:
    return [LANGUAGES[(index + (connection.vendor == "sqlite")) % 2]]


def test_every_role_walks_every_link_in_both_languages_without_dead_ends_or_codes(demo):
    dead, codes = [], defaultdict(set)
    for index, username in enumerate(ROLES):
        for language in _languages(index):
            done = walk(_client(username, language))
            if len(done.visits) <= 3:
                dead.append(f"{username} {language}: the walk found almost nothing: {done.visits}")
            dead += [f"{username or 'anonymous'} {language}: {v.url} answered {v.status} (linked from {v.referrer})"
                     for v in done.failing()]
            party = username is None or username in PARTIES
            for visit in done.visits:
                if visit.html:
                    for code in codes_in(visit.text, rule_ids=party, allowed=demo):
                        codes[f"{username or 'anonymous'} {language} {code}"].add(visit.url.split("?")[0])
    report = dead + [f"{key} on {sorted(urls)[:3]}" for key, urls in sorted(codes.items())]
    assert not report, f"{len(dead)} dead links, {len(codes)} codes shown:\n" + "\n".join(report)
