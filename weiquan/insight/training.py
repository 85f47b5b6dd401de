"""`weiquan insight train`: learn from the categories staff confirmed, keep every model versioned with its figures.

The confirmed triage rows (the category staff settled on, for the complaint's own words) are split 80/20 by a hash
of the complaint id, the learned pipeline and a plain TF-IDF + LinearSVC baseline are scored on the held-out fifth,
and so is the model now in use; then the model is trained on every confirmed row and saved under var/models/.
It becomes the active model only if it scores at least as well as the one in use (or when forced), so a bad batch
of labels cannot make triage worse unnoticed.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from weiquan.insight import triage
from weiquan.insight.data_paths import in_test_split
from weiquan.insight.models import ModelVersion, Triage

MIN_EXAMPLES = 30


class TrainingError(Exception):
    pass


@dataclass
class TrainingResult:
    version: ModelVersion
    activated: bool
    current_macro_f1: float | None


def confirmed_examples() -> list[tuple[int, str, str]]:
    """(complaint id, text, confirmed category) for every case whose category staff confirmed or corrected. Not the
    cases of people whose deletion is restricted (kept for legal claims only, R-PIPL-DELETE) nor erased ones."""
    from weiquan.complaints.models import processable_q
    from weiquan.complaints.services.erasure import ERASED_TEXT

    rows = Triage.objects.filter(processable_q("complaint__"), confirmed_at__isnull=False).exclude(
        final_category="").exclude(complaint__description=ERASED_TEXT).select_related(
        "complaint").order_by("complaint_id")
    return [(r.complaint_id, f"{r.complaint.title}\n{r.complaint.description}", r.final_category) for r in rows]


def _macro_f1(model, texts: list[str], labels: list[str]) -> float:
    # Imported here: every `weiquan` process imports this module (the models page's view), and scikit-learn takes
    # seconds to import; only training needs it.
    from sklearn.metrics import f1_score

    predicted = [p.category for p in model.predict(texts)]
    return round(float(f1_score(labels, predicted, labels=sorted(set(labels)), average="macro", zero_division=0)), 4)


def train_from_confirmed(*, min_examples: int = MIN_EXAMPLES, force: bool = False,
                         models_dir: Path | None = None) -> TrainingResult:
    from weiquan.insight import classifier, evaluation

    examples = confirmed_examples()
    labels = {label for _, _, label in examples}
    if len(examples) < min_examples or len(labels) < 2:
        raise TrainingError(f"need at least {min_examples} confirmed cases in two or more categories "
                            f"(have {len(examples)} in {len(labels)})")
    train = [(text, label) for pk, text, label in examples if not in_test_split(str(pk))]
    test = [(text, label) for pk, text, label in examples if in_test_split(str(pk))]
    if not test or len({label for _, label in train}) < 2:
        raise TrainingError("the held-out fifth is empty or the training part has a single category")
    figures = evaluation.evaluate(train, test)
    test_texts, test_labels = [t for t, _ in test], [y for _, y in test]
    _version, current = triage.active_model()
    current_f1 = _macro_f1(current, test_texts, test_labels) if current is not None else None
    figures["in_use_macro_f1"] = current_f1
    figures["bootstrap_macro_f1"] = _macro_f1(classifier.Classifier.bootstrap(), test_texts, test_labels)

    model = classifier.Classifier.train([t for _, t, _ in examples], [y for _, _, y in examples])
    now = timezone.now()
    name = f"v{ModelVersion.objects.count() + 1}-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    folder = models_dir or Path(settings.VAR_DIR) / "models"
    path = model.save(folder / f"classifier-{name}.joblib")
    better = current_f1 is None or figures["macro_f1"] >= current_f1
    with transaction.atomic():
        if better or force:
            ModelVersion.objects.filter(active=True).update(active=False)
        version = ModelVersion.objects.create(
            version=name, trained_at=now, n_train=len(examples), n_test=len(test), metrics=figures, path=str(path),
            active=better or force,
        )
    triage.forget_models()
    return TrainingResult(version=version, activated=version.active, current_macro_f1=current_f1)


def confirmations_since_last_model() -> int:
    """Categories staff confirmed or corrected after the newest model was trained (all of them before the first)."""
    latest = ModelVersion.objects.order_by("-trained_at").values_list("trained_at", flat=True).first()
    rows = Triage.objects.filter(confirmed_at__isnull=False).exclude(final_category="")
    return (rows.filter(confirmed_at__gt=latest) if latest else rows).count()


def retrain_if_due(*, every: int | None = None) -> TrainingResult | None:
    """The worker's scheduled retrain: once `every` (INSIGHT_RETRAIN_AFTER) new confirmations have accumulated,
    train and, as `weiquan insight train` does, put the model in use only if it is not worse than the one in use.
    None when not due or when there is not yet enough to learn from."""
    every = settings.INSIGHT_RETRAIN_AFTER if every is None else every
    if every <= 0 or confirmations_since_last_model() < every:
        return None
    try:
        return train_from_confirmed()
    except TrainingError:
        return None


def model_activate(*, version: str) -> ModelVersion:
    """Put an earlier model back in use (a rollback)."""
    with transaction.atomic():
        row = ModelVersion.objects.select_for_update().get(version=version)
        ModelVersion.objects.filter(active=True).exclude(pk=row.pk).update(active=False)
        row.active = True
        row.save(update_fields=["active"])
    triage.forget_models()
    return row


def add_train_arguments(parser) -> None:
    """For `weiquan insight train`: the options `run_train` takes."""
    parser.add_argument("--min-examples", type=int, default=MIN_EXAMPLES)
    parser.add_argument("--force", action="store_true", help="use the new model even if it scores lower")
    parser.add_argument("--activate", default="", metavar="VERSION", help="put an earlier model back in use instead")


def run_train(stdout, *, min_examples: int = MIN_EXAMPLES, force: bool = False, activate: str = "") -> int:
    """The `train` subcommand: prints the new model's figures; exit status 0, or 1 when it could not train."""
    if activate:
        try:
            row = model_activate(version=activate)
        except ModelVersion.DoesNotExist:
            stdout.write(f"no model version {activate!r}\n")
            return 1
        stdout.write(f"model {row.version} is in use again\n")
        return 0
    try:
        result = train_from_confirmed(min_examples=min_examples, force=force)
    except TrainingError as exc:
        stdout.write(f"not trained: {exc}\n")
        return 1
    m = result.version.metrics
    stdout.write(
        f"model {result.version.version}: {result.version.n_train} confirmed cases, {result.version.n_test} held out\n"
        f"  macro-F1 {m.get('macro_f1')} (baseline TF-IDF+LinearSVC {m.get('baseline_macro_f1')}, "
        f"model in use {m.get('in_use_macro_f1')}, lexicon bootstrap {m.get('bootstrap_macro_f1')}); "
        f"accuracy {m.get('accuracy')}\n"
        f"  {'now in use' if result.activated else 'kept aside: it scores lower than the model in use (use --force)'}\n"
        f"  file: {result.version.path}\n"
    )
    return 0
