"""The state-machine kernel every workflow shares: a table of `(from states, action) -> to state` rows with the
kinds of actor allowed and guards, the question "what may this user do here now" and the only code that sets the
state field.

A workflow module (`complaints/workflow.py`, `merchants/workflow.py`, `fairtrade/workflow.py`) declares its rows and how a
user stands towards one of its objects (`actor_kind`); services call `find` then `apply` under the row lock and write
the event in the same transaction; pages and the API offer what `allowed_actions` answers, so they can never offer a
move the server would refuse.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from weiquan.core.errors import DomainError

# A guard looks at (object, user, actor kind) and returns a refusal code, or None when the move is allowed.
Guard = Callable[[Any, Any, str], str | None]
ActorKind = Callable[[Any, Any], str | None]

# Refusal codes that say the move is not this user's to make (the API answers 403); an unknown action is 404; any
# other refusal is about the object's state now (409).
NOT_YOURS: frozenset[str] = frozenset({"actor_not_allowed", "not_assigned_mediator", "reviewer_made_decision",
                                       "supervisor_only"})


class TransitionNotAllowed(DomainError):
    """The move is not in the table for this state or this actor, or one of its guards refused it."""

    def __init__(self, code: str, message: str):
        status = 403 if code in NOT_YOURS else 404 if code == "unknown_action" else 409
        super().__init__(code, message, status=status)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state stays (the action records something on the object)
    actors: frozenset[str]
    guards: tuple[Guard, ...] = ()


def transition(action: str, sources: Iterable[str], target: str | None, actors: Iterable[str],
               *guards: Guard) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), tuple(guards))


class StateMachine:
    """One workflow's table. `subject` names the object in refusal messages ("a complaint that is decided")."""

    def __init__(self, transitions: Iterable[Transition], *, subject: str, actor_kind: ActorKind,
                 state_field: str = "status"):
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self.actions: frozenset[str] = frozenset(t.action for t in self.transitions)
        self.subject, self.actor_kind, self.state_field = subject, actor_kind, state_field

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def rows(self, action: str, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.action == action and state in t.sources]

    def find(self, obj: Any, user: Any, action: str, *, kind: str | None = None) -> Transition:
        """The row that allows `user` to take `action` on `obj` now, or TransitionNotAllowed with the reason.
        `kind` overrides `actor_kind` when the caller already knows how the user stands."""
        if action not in self.actions:
            raise TransitionNotAllowed("unknown_action", f"unknown action {action!r}")
        state = self.state_of(obj)
        rows = self.rows(action, state)
        if not rows:
            raise TransitionNotAllowed("illegal_transition", f"cannot {action} a {self.subject} that is {state}")
        if kind is None:
            kind = self.actor_kind(obj, user)
        if kind is None or not any(kind in row.actors for row in rows):
            raise TransitionNotAllowed("actor_not_allowed", f"you may not {action} this {self.subject}")
        refusal = None
        for row in rows:
            if kind not in row.actors:
                continue
            refusal = next((code for guard in row.guards if (code := guard(obj, user, kind))), None)
            if refusal is None:
                return row
        raise TransitionNotAllowed(refusal or "guard_failed", f"cannot {action} now: {refusal}")

    def allowed_actions(self, obj: Any, user: Any, *, kind: str | None = None) -> list[str]:
        """What a page or the API may offer this user on `obj` right now (the same checks `find` applies)."""
        state = self.state_of(obj)
        allowed = []
        for action in sorted({t.action for t in self.transitions if state in t.sources}):
            try:
                self.find(obj, user, action, kind=kind)
            except TransitionNotAllowed:
                continue
            allowed.append(action)
        return allowed

    def apply(self, obj: Any, row: Transition) -> tuple[str, str]:
        """Set the new state (the only place that does). The caller holds the row lock and writes the event."""
        old = self.state_of(obj)
        if row.target is not None:
            setattr(obj, self.state_field, row.target)
        return old, self.state_of(obj)
