"""What every app's tests build with, in one package: `factories` (users, stores, orders, cases through the real
services), `cases` (a controllable clock, cases driven to any status, API clients) and `quality` (listings and
spot-check results).

Tests import from here, never from another app's `tests` package, and `core` (the kernel) imports no app for them;
`tools/check_app_boundaries.py` checks both.
"""
