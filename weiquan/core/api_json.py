"""JSON for the API: every aware datetime leaves in UTC, whichever zone the code that made it worked in.

Deadlines are computed on the Asia/Shanghai business calendar, so a value fresh from a service is +08:00 while
the same value read back from the database is UTC; clients comparing the two strings would see a change that
is not there.
"""

import datetime as dt
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class UtcJSONEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and o.tzinfo is not None:
            o = o.astimezone(dt.UTC)
        return super().default(o)


class UtcJSONRenderer(JSONRenderer):
    encoder_class = UtcJSONEncoder
