"""The flag state table: the only code that decides which move is legal from where, and who may make it.

The rows live in the shared kernel (`core/statemachine.py`); a flag's actor is named by the caller (an officer's
screens act as OFFICER, the merchant portal as MERCHANT), so `target` and `allowed` take the kind directly.
"""

from types import SimpleNamespace

from weiquan.core.statemachine import StateMachine, TransitionNotAllowed, transition
from weiquan.fairtrade.models import FlagState

__all__ = ["MACHINE", "MERCHANT", "OFFICER", "TRANSITIONS", "TransitionNotAllowed", "allowed", "target"]

S = FlagState
OFFICER, MERCHANT = "officer", "merchant"

TRANSITIONS = (
    transition("request_explanation", {S.OPEN}, S.EXPLANATION_REQUESTED, {OFFICER}),
    transition("explain", {S.EXPLANATION_REQUESTED, S.EXPLAINED}, S.EXPLAINED, {MERCHANT}),
    transition("close_unfounded", {S.OPEN, S.EXPLANATION_REQUESTED, S.EXPLAINED}, S.UNFOUNDED, {OFFICER}),
    # A measure only after the merchant was asked (R-PLAT-FT-MEASURES): heard, or silent when asked.
    transition("penalise", {S.EXPLANATION_REQUESTED, S.EXPLAINED}, S.PENALISED, {OFFICER}),
)
# No actor_kind of its own: every caller says which side it acts for.
MACHINE = StateMachine(TRANSITIONS, subject="flag", actor_kind=lambda flag, user: None, state_field="state")


def target(state: str, action: str, who: str) -> str:
    """The state `action` by `who` leads to from `state`, or TransitionNotAllowed."""
    row = MACHINE.find(SimpleNamespace(state=state), None, action, kind=who)
    return row.target or state


def allowed(state: str, who: str) -> list[str]:
    return MACHINE.allowed_actions(SimpleNamespace(state=state), None, kind=who)
