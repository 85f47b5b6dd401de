"""Moved to `weiquan.testing.factories` (core imports no app); this name stays for tests written before the move."""

from weiquan.testing.factories import *  # noqa: F403
from weiquan.testing.factories import SHANGHAI, file_complaint, integration_user, make_merchant, make_order, make_user

__all__ = ["SHANGHAI", "file_complaint", "integration_user", "make_merchant", "make_order", "make_user"]
