"""The first edition of the knowledge base, written from the project's rules research (RULES.md), one module per
situation. The data migration 0002 loads exactly this text, in this order; later editions change articles through
`article_save` (a new version each time), so these modules are frozen: add new articles in a new module and
migration rather than editing these."""

from .false_advertising import FALSE_ADVERTISING
from .faq import FAQ
from .food_safety import FOOD_SAFETY
from .no_reason import NO_REASON
from .personal_data import PERSONAL_DATA
from .price import PRICE
from .process import PROCESS
from .quality import QUALITY

AUTHOR = "维权平台消费者教育组"
REVIEWER = "维权平台合规组"
REVIEWED_ON = "2026-11-20"
REVIEW_DUE = "2027-05-20"

ARTICLES = NO_REASON + QUALITY + FOOD_SAFETY + FALSE_ADVERTISING + PRICE + PERSONAL_DATA + PROCESS + FAQ
