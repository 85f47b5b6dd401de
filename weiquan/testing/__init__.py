"""What every app's tests build with, in one package: `factories` (users, stores, orders, cases through the real
services) and `cases` (a controllable clock, cases driven to any status, API clients).

Tests import from here, never from another app's `tests` package, and `core` (the kernel) imports no app for them;
`tools/check_app_boundaries.py` checks both.
"""
