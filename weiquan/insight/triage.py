"""Triage: a suggested category, issue tags and a safety flag for a complaint, with the words behind them.

The model in use is the active ModelVersion (trained by `weiquan insight train` on the categories staff confirmed);
without one, the bootstrap classifier that needs no downloaded model. Loaded models are cached per version.
"""

import threading
from dataclasses import dataclass, field

from weiquan.insight import lexicon

BOOTSTRAP_VERSION = "bootstrap"
_cache: dict[str, object] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    category: str | None  # None: no suggestion (nothing in the text to go on)
    confidence: float
    tags: list[str] = field(default_factory=list)
    urgent: bool = False
    evidence: list[str] = field(default_factory=list)
    model_version: str = BOOTSTRAP_VERSION


def _load(version: str, path: str):
    from weiquan.insight import classifier

    with _lock:
        if version not in _cache:
            _cache[version] = classifier.Classifier.load(path) if path else classifier.default_classifier()
        return _cache[version]


def active_model():
    """(version, classifier or None). None means: the lexicon alone (the classifier module is not installed)."""
    from weiquan.insight.models import ModelVersion

    active = ModelVersion.objects.filter(active=True).only("version", "path").first()
    try:
        if active is not None:
            return active.version, _load(active.version, active.path)
        model = _load(BOOTSTRAP_VERSION, "")
        meta = getattr(model, "meta", None) or {}
        if meta.get("kind") == "learned":  # a model file put at the default path by hand
            return f"file-{meta.get('created', '')[:19]}"[:40], model
        return BOOTSTRAP_VERSION, model
    except (ImportError, AttributeError, OSError, ValueError):
        return BOOTSTRAP_VERSION, None


def forget_models() -> None:
    with _lock:
        _cache.clear()


def _from_prediction(pred, version: str) -> Suggestion:
    get = (pred.get if isinstance(pred, dict) else lambda k, d=None: getattr(pred, k, d))
    return Suggestion(
        category=get("category", None), confidence=round(float(get("confidence", 0.0)), 4),
        tags=list(get("tags", []) or []), urgent=bool(get("urgent", False)),
        evidence=list(get("evidence", None) or get("terms", None) or []), model_version=version,
    )


def suggest(text: str) -> Suggestion:
    return suggest_many([text])[0]


def suggest_many(texts: list[str]) -> list[Suggestion]:
    """`suggest` for several texts: the active model is looked up once and predicts them together."""
    if not texts:
        return []
    version, model = active_model()
    if model is not None:
        return [_from_prediction(pred, version) for pred in model.predict(texts)]
    return [_from_lexicon(lexicon.analyze(text)) for text in texts]


def _from_lexicon(result) -> Suggestion:
    return Suggestion(result.suggestion, result.confidence, list(result.tags), result.urgent, list(result.evidence),
                      BOOTSTRAP_VERSION)


def urgent_terms(suggestion: Suggestion) -> list[str]:
    """The driving words that are safety signals (shown to staff as the reason for the raised priority)."""
    if not suggestion.urgent:
        return []
    return [term for term in suggestion.evidence if lexicon.analyze(term).scores.get("safety")]
