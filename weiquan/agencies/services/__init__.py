"""Writes of the agencies app: transfers in, referrals out, the messages between the platform and a body."""

from .common import AgencyError
from .transfers import transfer_match_merchant, transfer_receive, transfers_erase_consumer, transfers_import_csv

__all__ = ["AgencyError", "transfer_match_merchant", "transfer_receive", "transfers_erase_consumer",
           "transfers_import_csv"]
