"""Writes on fair trading. Views, the API, admin, the sweep command and the worker all call these."""

from weiquan.fairtrade.services.common import FairTradeError
from weiquan.fairtrade.services.flags import (
    PENALTY_KINDS,
    flag_close_unfounded,
    flag_explain,
    flag_open_cases,
    flag_penalise,
    flag_request_explanation,
)
from weiquan.fairtrade.services.reports import report_dismiss, report_submit
from weiquan.fairtrade.services.reviews import ReviewIn, review_put
from weiquan.fairtrade.services.sweep import SweepReport, fair_trading_sweep

__all__ = [
    "PENALTY_KINDS", "FairTradeError", "ReviewIn", "SweepReport", "fair_trading_sweep", "flag_close_unfounded",
    "flag_explain", "flag_open_cases", "flag_penalise", "flag_request_explanation", "report_dismiss",
    "report_submit", "review_put",
]
