"""The merchant status machine: the one table of legal moves and the only code that sets `Merchant.status`.

States: applying -> active; then warned, restricted (no new listings), suspended (no sales); exited at the end.
A measure that leaves the status as it is (a second warning on a restricted merchant) is a row with no target.
Services call `find` (who may do what from where), then `apply`, then record the change in the same transaction.
"""

from weiquan.accounts.models import Role
from weiquan.core.statemachine import StateMachine, Transition, TransitionNotAllowed, transition
from weiquan.merchants.models import Merchant, MerchantStatus, PenaltyKind

__all__ = ["ACTIONS", "MACHINE", "TRANSITIONS", "Transition", "TransitionNotAllowed", "actor_kind",
           "allowed_actions", "apply", "find"]

S = MerchantStatus
COMPLIANCE, SYSTEM = "compliance", "system"
BOTH = frozenset({COMPLIANCE, SYSTEM})
IN_BUSINESS = frozenset({S.ACTIVE, S.WARNED, S.RESTRICTED, S.SUSPENDED})

# How severe each status is; lifting a measure falls back to the most severe one still in force.
SEVERITY: dict[str, int] = {S.ACTIVE: 0, S.WARNED: 1, S.RESTRICTED: 2, S.SUSPENDED: 3}
PENALTY_STATUS: dict[str, str] = {
    PenaltyKind.WARNING: S.WARNED, PenaltyKind.RESTRICTION: S.RESTRICTED,
    PenaltyKind.SUSPENSION: S.SUSPENDED, PenaltyKind.TERMINATION: S.EXITED,
}
PENALTY_ACTION: dict[str, str] = {
    PenaltyKind.WARNING: "warn", PenaltyKind.RESTRICTION: "restrict",
    PenaltyKind.SUSPENSION: "suspend", PenaltyKind.TERMINATION: "exit",
}
# Status to fall back to when measures are lifted -> the action that gets there.
EASE_ACTION: dict[str, str] = {S.ACTIVE: "reinstate", S.WARNED: "ease_to_warned", S.RESTRICTED: "ease_to_restricted"}


def _t(action: str, sources: set, target: str | None, actors) -> Transition:
    return transition(action, sources, target, actors)


TRANSITIONS: tuple[Transition, ...] = (
    _t("approve", {S.APPLYING}, S.ACTIVE, {COMPLIANCE}),
    _t("warn", {S.ACTIVE}, S.WARNED, BOTH),
    _t("warn", {S.WARNED, S.RESTRICTED, S.SUSPENDED}, None, BOTH),
    _t("restrict", {S.ACTIVE, S.WARNED}, S.RESTRICTED, BOTH),
    _t("restrict", {S.RESTRICTED, S.SUSPENDED}, None, BOTH),
    _t("suspend", {S.ACTIVE, S.WARNED, S.RESTRICTED}, S.SUSPENDED, BOTH),
    _t("suspend", {S.SUSPENDED}, None, BOTH),
    _t("ease_to_restricted", {S.SUSPENDED}, S.RESTRICTED, BOTH),
    _t("ease_to_warned", {S.RESTRICTED, S.SUSPENDED}, S.WARNED, BOTH),
    _t("reinstate", {S.WARNED, S.RESTRICTED, S.SUSPENDED}, S.ACTIVE, BOTH),
    _t("exit", {S.APPLYING, *IN_BUSINESS}, S.EXITED, {COMPLIANCE}),
)
GOVERNANCE_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})


def actor_kind(user) -> str | None:
    """None acts as the system (the sweep); compliance officers and admins decide; nobody else does."""
    if user is None:
        return SYSTEM
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or user.role in GOVERNANCE_ROLES:
        return COMPLIANCE
    return None


MACHINE = StateMachine(TRANSITIONS, subject="merchant", actor_kind=lambda merchant, user: actor_kind(user))
ACTIONS = MACHINE.actions


def find(merchant: Merchant, user, action: str) -> Transition:
    return MACHINE.find(merchant, user, action)


def allowed_actions(merchant: Merchant, user) -> list[str]:
    return MACHINE.allowed_actions(merchant, user)


def apply(merchant: Merchant, row: Transition) -> tuple[str, str]:
    """Set the new status (the only place that does). The caller holds the row lock and records the change."""
    return MACHINE.apply(merchant, row)


def status_after_lifting(in_force_kinds: set[str]) -> str:
    """The status that the measures still in force call for."""
    statuses = [PENALTY_STATUS[k] for k in in_force_kinds if k in PENALTY_STATUS and k != PenaltyKind.TERMINATION]
    return max(statuses, key=SEVERITY.__getitem__, default=S.ACTIVE)
