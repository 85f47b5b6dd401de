import pytest

from weiquan.insight.models import ModelVersion, Triage
from weiquan.insight.services import triage_complaint, triage_confirm
from weiquan.insight.training import TrainingError, model_activate, train_from_confirmed
from weiquan.testing.cases import new_case

pytestmark = pytest.mark.django_db
pytest.importorskip("weiquan.insight.classifier", reason="the learned classifier module is not in this checkout")

FAKE = ["耳机是假货，序列号查不到", "买到假冒的名牌包，做工粗糙", "鞋子是高仿的，不是正品", "化妆品是假的，防伪码无效",
        "手表是山寨货，专柜鉴定为假"]
LATE = ["商家一直不发货，催了也没用", "付款一周了还没发货", "客服说三天发货结果十天没动静", "预售说好月底发货却延期",
        "下单后迟迟不发货也不退款"]


def _confirmed(cast, n):
    for i in range(n):
        text, category = (FAKE[i % 5], "counterfeit") if i % 2 == 0 else (LATE[i % 5], "contract")
        case = new_case(cast, title=text[:10], description=f"{text}（{i}）")
        triage_complaint(complaint_id=case.pk)
        triage_confirm(actor=cast.agent, complaint_id=case.pk, category=category)


def test_too_few_confirmed_cases_refuses(cast):
    _confirmed(cast, 4)
    with pytest.raises(TrainingError, match="need at least 30"):
        train_from_confirmed()
    assert ModelVersion.objects.count() == 0


def test_training_versions_the_model_with_its_figures_and_triage_uses_it(cast, tmp_path):
    _confirmed(cast, 40)
    result = train_from_confirmed(models_dir=tmp_path)
    version = result.version
    assert result.activated and version.active and version.n_train == 40
    assert {"macro_f1", "baseline_macro_f1", "bootstrap_macro_f1", "in_use_macro_f1"} <= set(version.metrics)
    assert (tmp_path / f"classifier-{version.version}.joblib").exists()
    case = new_case(cast, title="假货", description="收到的充电器是假货，和正品不一样")
    row = triage_complaint(complaint_id=case.pk)
    assert row.model_version == version.version
    assert row.suggested_category == "counterfeit"

    # A second model that is no better does not replace the first unless forced; a rollback is one call.
    second = train_from_confirmed(models_dir=tmp_path, force=True)
    assert ModelVersion.objects.filter(active=True).get() == second.version
    model_activate(version=version.version)
    assert ModelVersion.objects.filter(active=True).get() == version
    assert Triage.objects.filter(confirmed_at__isnull=False).count() == 40


def test_run_train_prints_the_figures(cast, tmp_path, settings):
    from io import StringIO

    from weiquan.insight.training import run_train

    out = StringIO()
    assert run_train(out) == 1 and "not trained" in out.getvalue()
    _confirmed(cast, 32)
    settings.VAR_DIR = tmp_path
    out = StringIO()
    assert run_train(out, min_examples=30) == 0
    text = out.getvalue()
    assert "32 confirmed cases" in text and "macro-F1" in text and "now in use" in text
    version = ModelVersion.objects.get(active=True).version
    out = StringIO()
    assert run_train(out, activate="nope") == 1 and run_train(StringIO(), activate=version) == 0


def test_the_worker_retrains_once_enough_confirmations_accumulated(cast, settings, tmp_path):
    from weiquan.insight.sweep import insight_sweep
    from weiquan.insight.training import confirmations_since_last_model, retrain_if_due

    settings.VAR_DIR, settings.INSIGHT_RETRAIN_AFTER = tmp_path, 35
    _confirmed(cast, 34)
    assert confirmations_since_last_model() == 34
    assert retrain_if_due() is None and ModelVersion.objects.count() == 0  # one short of the threshold
    _confirmed(cast, 1)
    result = insight_sweep()
    version = ModelVersion.objects.get()
    assert result["model_trained"] == version.version and result["model_activated"] is True and version.active
    assert confirmations_since_last_model() == 0
    assert insight_sweep()["model_trained"] == ""  # nothing new since
    settings.INSIGHT_RETRAIN_AFTER = 0  # switched off
    _confirmed(cast, 40)
    assert retrain_if_due() is None and ModelVersion.objects.count() == 1


def test_models_page_lists_versions_and_only_supervisors_roll_back(cast, client, analyst, tmp_path):
    _confirmed(cast, 32)
    first = train_from_confirmed(models_dir=tmp_path, min_examples=30).version
    second = train_from_confirmed(models_dir=tmp_path, min_examples=30, force=True).version
    client.force_login(analyst)
    page = client.get("/insight/models/")
    assert page.status_code == 200
    assert [v.version for v in page.context["versions"]] == [second.version, first.version]
    assert page.context["pending"] == 0 and not page.context["can_manage"]
    assert client.post(f"/insight/models/{first.version}/activate/").status_code == 403
    assert ModelVersion.objects.get(active=True) == second  # the refused call changed nothing
    client.force_login(cast.supervisor)
    assert client.get("/insight/models/").context["can_manage"]
    assert client.post(f"/insight/models/{first.version}/activate/").status_code == 302
    assert ModelVersion.objects.get(active=True) == first
    assert client.post("/insight/models/nope/activate/").status_code == 302
    assert ModelVersion.objects.get(active=True) == first
    client.force_login(cast.merchant)
    assert client.get("/insight/models/").status_code == 403
