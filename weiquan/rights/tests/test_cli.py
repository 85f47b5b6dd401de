"""`run_assess` and `weiquan rights assess`: one document in, one out; exit 2 with {"errors": [...]} when invalid."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from weiquan.rights.cli import run_assess

FACTS = {"as_of": "2026-03-09", "purchase": {"price_paid": "120.00"}, "claim": {"defect": {"fraud": True}}}
REPO = Path(__file__).resolve().parents[3]


def run(text):
    out = io.StringIO()
    code = run_assess(io.StringIO(text), out)
    return code, json.loads(out.getvalue())


def test_valid_facts_print_the_assessment():
    code, answer = run(json.dumps(FACTS))
    assert code == 0
    assert answer["punitive"]["amount"] == "500.00"


def test_invalid_facts_print_errors_and_return_2():
    code, answer = run(json.dumps({"purchase": {"channel": "shop"}}))
    assert code == 2
    assert answer == {"errors": [{"loc": ["purchase", "channel"],
                                  "msg": "must be one of: online, tv, phone, mail, offline"}]}


@pytest.mark.parametrize("text", ["", "{", "not json", "[1,", "9" * 5000, "[" * 100000])
def test_unparseable_input_returns_2(text):
    code, answer = run(text)
    assert code == 2
    assert answer["errors"][0]["loc"] == []
    assert answer["errors"][0]["msg"].startswith("invalid JSON")


def test_output_is_one_json_document_ending_in_a_newline():
    out = io.StringIO()
    run_assess(io.StringIO(json.dumps(FACTS)), out)
    assert out.getvalue().endswith("}\n")
    json.loads(out.getvalue())


def test_management_command_writes_the_assessment():
    out = io.StringIO()
    call_command("rights", "assess", stdin=io.StringIO(json.dumps(FACTS)), stdout=out)
    assert json.loads(out.getvalue())["punitive"]["basis"] == "R-PUN-CPL55"


def test_management_command_exits_2_on_invalid_input():
    out = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("rights", "assess", stdin=io.StringIO('{"x": 1}'), stdout=out)
    assert info.value.code == 2
    assert json.loads(out.getvalue()) == {"errors": [{"loc": ["x"], "msg": "unknown key"}]}


@pytest.mark.parametrize("body, code", [(FACTS, 0), ({"purchase": {"price_paid": 3}}, 2)])
def test_weiquan_command_line(body, code, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings", "WEIQUAN_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "weiquan.cli", "rights", "assess"], input=json.dumps(body), capture_output=True,
        text=True, cwd=REPO, env=env, timeout=120,
    )
    assert done.returncode == code, done.stderr
    parsed = json.loads(done.stdout)
    assert ("errors" in parsed) is (code == 2)


def test_version_two_keys_on_the_command_line():
    facts = {"as_of": "2026-06-01", "purchase": {"three_guarantees": {"sale_date": "2026-03-01",
                                                                      "warranty_months": 12}},
             "claim": {"performance_failure_date": "2026-06-01", "repairs_for_same_failure": 2}}
    code, answer = run(json.dumps(facts))
    assert code == 0
    assert answer["three_guarantees"] == {"stage": "warranty", "remedies": ["exchange", "return"],
                                          "legal_basis": ["R-3B-REPAIR"]}
    facts["purchase"]["three_guarantees"].pop("sale_date")
    code, answer = run(json.dumps(facts))
    assert code == 2
    assert answer["errors"][0]["loc"] == ["purchase", "three_guarantees", "sale_date"]
