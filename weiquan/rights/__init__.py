"""The rights engine: what the law gives a consumer, and by when each party must act (RIGHTS_API.md).

Pure Python: importing this package needs neither Django settings nor a database.
"""

from .engine import assess
from .rules import RULE_TITLES
from .schema import InvalidFacts

__all__ = ["RULE_TITLES", "InvalidFacts", "assess"]
