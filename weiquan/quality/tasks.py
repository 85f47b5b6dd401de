"""Background tasks of quality work. Each takes ids and is safe to run twice or in parallel.

`notify_buyers_task` is declared beside the function it runs (services/buyers.py); it is imported here under the
path that rows queued before the move name.
"""

from weiquan.quality.services.buyers import notify_buyers_task

__all__ = ["notify_buyers_task"]
