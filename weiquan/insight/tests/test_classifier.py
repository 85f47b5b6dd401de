"""Classifier: the lexicon bootstrap, the learned pipeline, persistence, evaluation on real data and the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from weiquan.insight import classifier as clf_module
from weiquan.insight.classifier import Classifier, Prediction, default_classifier
from weiquan.insight.cli import OUTPUT_KEYS, run_classify, run_evaluate, run_split
from weiquan.insight.data_paths import CFPB_CSV, REPO_ROOT, cfpb_split, cfpb_time_split, shared_file
from weiquan.insight.evaluation import cross_evaluate, evaluate
from weiquan.insight.lexicon import CATEGORIES, analyze


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Overrides the project-wide autouse fixture: these tests touch no database or calendar and run without Django."""
    yield


BOOTSTRAP = [
    ("买的是假货", "counterfeit"),
    ("商家拒绝七天无理由退货", "after_sales"),
    ("宣传的功效根本没有", "false_advertising"),
    ("收到就坏了，质量太差", "quality"),
    ("缺斤少两，分量不足", "measurement"),
    ("我的个人信息被泄露了，天天接到骚扰电话", "personal_data"),
    ("保安当众辱骂我还要搜身", "personal_dignity"),
    ("价格欺诈，先涨后降，还多收钱", "price"),
    ("付了定金一直不发货，定金不退，霸王条款", "contract"),
    ("充电宝充电时爆炸起火", "safety"),
    ("吃了他家的熟食后全家食物中毒", "safety"),
    ("所谓的进口奶粉是高仿的", "counterfeit"),
    ("原价虚高，双十一先提价后降价", "price"),
    ("I bought a counterfeit handbag, clearly a knockoff", "counterfeit"),
    ("The seller refused to refund me and customer service ignored my emails", "after_sales"),
    ("The package was never delivered and they cancelled my order without notice", "contract"),
    ("The blender arrived broken and stopped working after a day", "quality"),
    ("They overcharged me and added hidden fees at checkout", "price"),
    ("The cream did nothing, the advertising was misleading and not as described", "false_advertising"),
    ("My personal information was leaked and now I get spam calls every day", "personal_data"),
    ("The security guard searched my bag and insulted me in front of everyone", "personal_dignity"),
    ("The heater caught fire and my son was injured", "safety"),
    ("The bag of rice was underweight, a short weight scam", "measurement"),
    ("谢谢，一切都好", None),  # nothing to go on: no suggestion rather than a guessed `other`
]

URGENT = [
    "充电器漏电，孩子被电到了",
    "宝宝误吞了玩具上的小零件",
    "吃完后上吐下泻，送医院急诊",
    "用了面霜后脸上过敏红肿",
    "儿童玩具边缘尖锐，很危险",
    "My kid choked on a small part",
    "I got food poisoning from the chicken",
    "The heater caught fire last night",
    "The phone exploded in my pocket and I was burned",
]

NOT_URGENT = [
    "这款手机很火爆，是今年的爆款",
    "我有过敏性鼻炎，这本书写得很好",
    "孩子很喜欢这本书",
    "快递太慢了，一直不发货",
    "This hurt my credit score badly",
    "The item was not toxic, just ugly",
    "并非食物中毒，只是没胃口",
    "挨着火车站，有点吵",
]


@pytest.mark.parametrize(("text", "category"), BOOTSTRAP)
def test_bootstrap_categories(text: str, category: str) -> None:
    prediction = Classifier.bootstrap().predict_one(text)
    assert prediction.category == category
    assert 0.0 < prediction.confidence <= 1.0


@pytest.mark.parametrize("text", URGENT)
def test_urgent(text: str) -> None:
    assert Classifier.bootstrap().predict_one(text).urgent


@pytest.mark.parametrize("text", NOT_URGENT)
def test_not_urgent(text: str) -> None:
    assert not Classifier.bootstrap().predict_one(text).urgent


def test_bootstrap_explains_itself() -> None:
    p = Classifier.bootstrap().predict_one("充电器爆炸起火，孩子被烫伤了，商家还不给退款")
    assert p == Prediction(
        "safety",
        p.confidence,
        True,
        ["explosion", "fire", "injury", "refund_refused", "child"],
        ["爆炸", "起火", "烫伤", "不给退款"],
    )
    assert p.confidence == pytest.approx(9 / 13, abs=1e-4)
    nothing = Classifier.bootstrap().predict_one("今天天气不错")
    assert (nothing.category, nothing.confidence, nothing.tags, nothing.evidence) == (None, 0.1, [], [])


def test_negation_and_masks() -> None:
    assert analyze("不是假货，放心").scores == {}
    assert analyze("The product is not counterfeit").scores == {}
    assert analyze("经过鉴定是假货").category == "counterfeit"
    assert "fire" not in analyze("挨着火车站").tags


# --- learned model -----------------------------------------------------------------------------------------

SYNTHETIC = {
    "counterfeit": ["买到的是假货", "高仿山寨货冒充正品", "专柜鉴定为假", "fake knockoff handbag", "不是正品是仿冒的"],
    "after_sales": ["拒绝退货退款", "售后不处理推诿", "七天无理由退货被拒", "refused my return", "保修期内不给修"],
    "quality": ["收到就坏了", "质量太差用两天就坏", "屏幕有划痕做工粗糙", "arrived broken and defective", "漏水开裂"],
    "safety": ["充电器爆炸起火", "孩子被烫伤", "食物中毒上吐下泻", "the heater caught fire", "漏电触电了"],
    "price": ["先涨后降价格欺诈", "多收钱乱收费", "虚构原价打折", "overcharged hidden fees", "重复扣款两次"],
}


def _synthetic() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for label, examples in SYNTHETIC.items():
        for i, text in enumerate(examples):
            for suffix in ("", "，请尽快处理", "，太气人了"):
                texts.append(f"{text}{suffix}{'!' * i}")
                labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def trained() -> Classifier:
    return Classifier.train(*_synthetic())


def test_train_predicts_its_labels(trained: Classifier) -> None:
    texts, labels = _synthetic()
    assert trained.is_trained
    assert trained.labels == sorted(SYNTHETIC)
    assert [p.category for p in trained.predict(texts)] == labels
    assert trained.meta["config"]["lexicon_weight"] == 0.5  # CCA labels: the lexicon block is on
    p = trained.predict_one("商家卖假货，还是高仿的")
    assert p.category == "counterfeit" and 0 < p.confidence <= 1
    assert "假货" in p.evidence


def test_train_on_any_labels_turns_the_lexicon_block_off() -> None:
    model = Classifier.train(
        ["card fee", "card charge", "loan rate", "loan term"] * 3, ["card", "card", "loan", "loan"] * 3
    )
    assert model.meta["config"]["lexicon_weight"] == 0.0
    assert [p.category for p in model.predict(["a card fee", "the loan"])] == ["card", "loan"]
    with pytest.raises(ValueError):
        Classifier.train(["a", "b"], ["x", "x"])


def test_label_names_score_the_words_a_label_is_named_by() -> None:
    names = clf_module._LabelNames(["Student loan", "Vehicle loan or lease", "Mortgage", "other", "假货"])
    scores = names.scores(["my student loans were sold", "the mortgage servicer", "nothing relevant", "loan"])
    student, vehicle, mortgage, other, cjk = range(5)
    # "loans" stems to "loan"; "student" is the rarer, heavier word of its label, so it outweighs "loan".
    assert scores[0, student] == pytest.approx(1.0)
    assert 0 < scores[3, student] < 0.5 and 0 < scores[3, vehicle] < scores[3, student]
    assert scores[1, mortgage] == pytest.approx(1.0) and scores[1, student] == 0.0
    assert not scores[2].any()
    assert not scores[:, other].any() and not scores[:, cjk].any()  # no words of their own: never a lean


def test_label_prior_can_be_turned_off() -> None:
    texts, labels = ["card fee", "card charge", "loan rate", "loan term"] * 3, ["card", "card", "loan", "loan"] * 3
    on = Classifier.train(texts, labels)
    off = Classifier.train(texts, labels, config=clf_module.TrainConfig(label_prior=0.0))
    # The prior adds to what the model learned: a text naming a label leans further its way.
    assert on.predict_one("xyz loan").confidence > off.predict_one("xyz loan").confidence


def test_hashing_is_per_document() -> None:
    h, owner = clf_module._char_hashes([" ab ", " ab ", "中"], 1, 2)
    assert list(np.bincount(owner)) == [3, 3, 1]  # 2-grams " a", "ab", "b "; the lone Han character as a 1-gram
    assert list(h[owner == 0]) == list(h[owner == 1])
    assert len(set(h[owner == 0])) == 3


def test_batch_and_single_predictions_agree(trained: Classifier) -> None:
    texts = ["买到假货了", "the heater caught fire", "多收钱", "收到就坏了，退款也不给"] * 70
    together = trained.predict(texts)
    assert together[:4] == [trained.predict_one(t) for t in texts[:4]]
    assert len(together) == 280 and together[4:8] == together[:4]


def test_save_and_load_round_trip(trained: Classifier, tmp_path: Path) -> None:
    trained.meta["evaluation"] = {"macro_f1": 0.5}
    path = trained.save(tmp_path / "models" / "clf.joblib")
    loaded = Classifier.load(path)
    texts = ["买到的是高仿", "拒绝退款", "爆炸了", "价格欺诈", "做工粗糙"]
    assert loaded.predict(texts) == trained.predict(texts)
    assert loaded.labels == trained.labels and loaded.evaluation == {"macro_f1": 0.5}
    info = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert info["format"] == clf_module.FORMAT and info["labels"] == trained.labels
    assert info["evaluation"] == {"macro_f1": 0.5} and info["n_train"] == 75
    bogus = tmp_path / "bogus.joblib"
    clf_module.joblib.dump({"meta": {"format": "something else"}}, bogus)
    with pytest.raises(ValueError):
        Classifier.load(bogus)


def test_default_classifier(trained: Classifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clf_module.MODEL_ENV, str(tmp_path / "absent.joblib"))
    default_classifier.cache_clear()
    try:
        assert not default_classifier().is_trained
        assert default_classifier().labels == list(CATEGORIES)
        monkeypatch.setenv(clf_module.MODEL_ENV, str(trained.save(tmp_path / "m.joblib")))
        default_classifier.cache_clear()
        assert default_classifier().is_trained
    finally:
        default_classifier.cache_clear()


def test_evaluate_shape() -> None:
    texts, labels = _synthetic()
    rows = list(zip(texts, labels, strict=True))
    result = evaluate(rows[::2], [{"text": t, "label": label} for t, label in rows[1::2]])
    assert set(result) == {"accuracy", "macro_f1", "baseline_accuracy", "baseline_macro_f1", "n_train", "n_test"}
    assert (result["n_train"], result["n_test"]) == (38, 37)


@pytest.fixture(scope="module")
def cfpb() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    if not shared_file(CFPB_CSV).exists():
        pytest.skip(f"CFPB sample not found at {shared_file(CFPB_CSV)} (set WEIQUAN_SHARED_DATA)")
    return cfpb_split()


def test_cfpb_split_is_fixed(cfpb) -> None:
    train, test = cfpb
    assert (len(train), len(test)) == (1243, 289)
    assert cfpb_split() == cfpb


def test_beats_baseline_on_cfpb(cfpb, capsys: pytest.CaptureFixture[str]) -> None:
    train, test = cfpb
    fixed = evaluate(train, test)
    folds = cross_evaluate(train, folds=3)
    with capsys.disabled():
        print(f"\nCFPB Product, fixed 80/20 split: {json.dumps(fixed)}")
        print(f"CFPB Product, 3-fold CV on the training part: {json.dumps(folds)}")
    # Where the comparison has the power to tell: ours must win every fold, by a margin.
    assert folds["wins"] == 3
    assert folds["macro_f1"] >= folds["baseline_macro_f1"] + 0.05
    # And on the fixed split the issue names (289 rows, so the margin is small: 0.5135 against 0.5053 today).
    assert fixed["macro_f1"] > fixed["baseline_macro_f1"]
    assert fixed["accuracy"] >= fixed["baseline_accuracy"]
    assert (fixed["n_train"], fixed["n_test"]) == (1243, 289)


def test_later_complaints_in_time_order(cfpb, capsys: pytest.CaptureFixture[str]) -> None:
    """Trained on the earliest 80% of the narratives (2015-04 .. 2019-07), scored on the latest 20% (to 2020-03):
    macro-F1 at least 0.50, and ahead of the baseline (the later classes are small: 2-15 rows but one)."""
    train, test = cfpb_time_split()
    figures = evaluate(train, test)
    with capsys.disabled():
        print(f"\nCFPB Product, time-ordered 80/20 split: {json.dumps(figures)}")
    assert (figures["n_train"], figures["n_test"]) == (1226, 306)
    assert figures["macro_f1"] >= 0.50
    assert figures["macro_f1"] > figures["baseline_macro_f1"] and figures["accuracy"] >= figures["baseline_accuracy"]


# --- command line ------------------------------------------------------------------------------------------


def test_run_classify() -> None:
    lines = [
        json.dumps({"id": 7, "text": "买的是假货"}, ensure_ascii=False),
        "{broken",
        "",
        json.dumps({"id": "x", "text": "The heater caught fire"}),
        json.dumps({"id": 9}),
        json.dumps(["not", "an", "object"]),
    ]
    out = io.StringIO()
    code = run_classify(io.StringIO("\n".join(lines) + "\n"), out, model_path=None)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert [list(r) for r in records] == [
        list(OUTPUT_KEYS),
        ["id", "error"],
        list(OUTPUT_KEYS),
        ["id", "error"],
        ["id", "error"],
    ]
    assert records[0] == {
        "id": 7,
        "category": "counterfeit",
        "confidence": 0.75,
        "urgent": False,
        "tags": ["fake_goods"],
    }
    assert (records[2]["id"], records[2]["category"], records[2]["urgent"]) == ("x", "safety", True)
    assert records[1]["id"] is None and records[3]["id"] == 9 and "text" in records[3]["error"]
    ok = io.StringIO()
    assert run_classify(io.StringIO(lines[0] + "\n"), ok) == 0


def test_run_classify_with_a_model_file(trained: Classifier, tmp_path: Path) -> None:
    path = trained.save(tmp_path / "m.joblib")
    out = io.StringIO()
    assert run_classify(io.StringIO('{"id": 1, "text": "多收钱，价格欺诈"}\n'), out, model_path=path) == 0
    assert json.loads(out.getvalue())["category"] == "price"


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["narrative", "product", "other"])
        writer.writerows((text, label, "") for text, label in rows)
    return path


def test_run_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts, labels = _synthetic()
    rows = list(zip(texts, labels, strict=True))
    train, test = _write_csv(tmp_path / "train.csv", rows[::2]), _write_csv(tmp_path / "test.csv", rows[1::2])
    out = io.StringIO()
    argv = ["--train", str(train), "--test", str(test), "--text-column", "narrative", "--label-column", "product"]
    assert run_evaluate(argv, stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert "baseline" in out.getvalue() and len(lines) > 5
    assert set(json.loads(lines[-1])) == {
        "accuracy",
        "macro_f1",
        "baseline_accuracy",
        "baseline_macro_f1",
        "n_train",
        "n_test",
    }
    assert run_evaluate([*argv[:6], "--label-column", "nope"], stdout=io.StringIO()) == 2
    assert run_evaluate(["--train"], stdout=io.StringIO()) == 2
    capsys.readouterr()


def test_management_command_end_to_end() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings", clf_module.MODEL_ENV: "/nonexistent.joblib"}
    done = subprocess.run(
        [sys.executable, "-m", "weiquan.cli", "insight", "classify"],
        input='{"id": 1, "text": "缺斤少两"}\n',
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "id": 1,
        "category": "measurement",
        "confidence": 0.75,
        "urgent": False,
        "tags": ["short_weight"],
    }


def test_split_then_evaluate_reproduces_the_cfpb_figures(cfpb, tmp_path: Path) -> None:
    """The figures in the notes, from the command line: `insight split` the sample, `insight evaluate` the halves."""
    assert run_split([str(shared_file(CFPB_CSV)), "--out", str(tmp_path)], stdout=io.StringIO()) == 0
    out = io.StringIO()
    argv = ["--train", str(tmp_path / "train.csv"), "--test", str(tmp_path / "test.csv"),
            "--text-column", "Consumer complaint narrative", "--label-column", "Product"]
    assert run_evaluate(argv, stdout=out) == 0
    figures = json.loads(out.getvalue().splitlines()[-1])
    assert figures == evaluate(*cfpb)
    assert figures["macro_f1"] > figures["baseline_macro_f1"]
    assert run_split([str(shared_file(CFPB_CSV)), "--out", str(tmp_path), "--id-column", "nope"],
                     stdout=io.StringIO()) == 2
