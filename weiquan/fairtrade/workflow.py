"""The flag state table: the only code that decides which move is legal from where, and who may make it."""

from weiquan.fairtrade.models import FlagState

S = FlagState
OFFICER, MERCHANT = "officer", "merchant"

# (action) -> (states it may start from, state it ends in, who may do it)
TRANSITIONS: dict[str, tuple[frozenset, str, str]] = {
    "request_explanation": (frozenset({S.OPEN}), S.EXPLANATION_REQUESTED, OFFICER),
    "explain": (frozenset({S.EXPLANATION_REQUESTED, S.EXPLAINED}), S.EXPLAINED, MERCHANT),
    "close_unfounded": (frozenset({S.OPEN, S.EXPLANATION_REQUESTED, S.EXPLAINED}), S.UNFOUNDED, OFFICER),
    # A measure only after the merchant was asked (R-PLAT-FT-MEASURES): heard, or silent when asked.
    "penalise": (frozenset({S.EXPLANATION_REQUESTED, S.EXPLAINED}), S.PENALISED, OFFICER),
}


class TransitionNotAllowed(Exception):
    pass


def target(state: str, action: str, who: str) -> str:
    row = TRANSITIONS.get(action)
    if row is None or row[2] != who:
        raise TransitionNotAllowed(f"{who} may not {action}")
    if state not in row[0]:
        raise TransitionNotAllowed(f"a flag that is {state} cannot {action}")
    return row[1]


def allowed(state: str, who: str) -> list[str]:
    return [action for action, (sources, _to, actor) in TRANSITIONS.items() if actor == who and state in sources]
