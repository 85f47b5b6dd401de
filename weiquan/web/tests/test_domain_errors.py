"""Every app's refusal is a core DomainError, answered by the API in the one error shape."""

from weiquan.agencies.services import AgencyError
from weiquan.complaints.services import ComplaintError
from weiquan.complaints.workflow import TransitionNotAllowed as ComplaintRefusal
from weiquan.core.errors import DomainError, as_api_error
from weiquan.core.statemachine import TransitionNotAllowed
from weiquan.fairtrade.services import FairTradeError
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.workflow import TransitionNotAllowed as MerchantRefusal


def test_every_app_error_is_a_domain_error_mapped_the_same_way():
    assert ComplaintRefusal is MerchantRefusal is TransitionNotAllowed
    for error in (ComplaintError("too_late", "too late", field="x", status=409),
                  GovernanceError("too_late", "too late", field="x", status=409),
                  FairTradeError("too_late", "too late", field="x", status=409),
                  AgencyError("too late", field="x", code="too_late", status=409)):
        assert isinstance(error, DomainError)
        api = as_api_error(error)
        assert (api.status, api.body()) == (409, {"code": "too_late", "message": "too late", "field": "x"})
