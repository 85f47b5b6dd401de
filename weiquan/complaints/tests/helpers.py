"""Moved to `weiquan.testing.cases` (shared by every app's tests); this name stays for tests written before the move."""

from weiquan.testing.cases import *  # noqa: F403
