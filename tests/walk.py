"""The site as each demo role meets it: start at the home page, follow every same-site link, in both languages.

Used by tests/test_walk.py (the link-walk and the page-walk of issue 10): `walk(client, language)` returns every
page reached with its status, the page that linked to it, and its visible text."""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Links that do something other than show a page, or that leave the HTML site.
SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/language/", "/accounts/logout/", "/api/", "/admin/jsi18n/")
MAX_PAGES = 600
MAX_PER_PATH = 3  # the same page with other query strings (pages 2, 3, filters): a few are enough
# Files (case bundles, licence scans, evidence, exports) differ by their data only, and a case bundle takes a second
# to build: a couple per kind of file are enough, whatever their ids.
DOWNLOAD = re.compile(r"(\.(zip|pdf|csv|xlsx)|/file/|/evidence/\d+/)$")
MAX_PER_DOWNLOAD_KIND = 2


class _Page(HTMLParser):
    SKIP_TEXT = {"script", "style", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP_TEXT:
            self._skip += 1
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])
        for name in ("title", "aria-label", "placeholder", "alt"):
            if attrs.get(name) and not self._skip:
                self.text.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.text.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP_TEXT and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data.strip())


@dataclass
class Visit:
    url: str
    status: int
    referrer: str
    html: bool = False
    text: str = ""


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)

    def failing(self, statuses=(403, 404, 500)) -> list[Visit]:
        return [v for v in self.visits if v.status in statuses]


def _wanted(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    return not parts.path.startswith(SKIP_PREFIXES)


def walk(client, *, start: str = "/", max_pages: int = MAX_PAGES) -> Walk:
    result = Walk()
    seen, per_path = {start}, {}
    queue = deque([(start, "")])
    while queue and len(result.visits) < max_pages:
        url, referrer = queue.popleft()
        response = client.get(url)
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = urljoin(url, response["Location"])
            if not _wanted(target):
                break
            url, response, hops = target, client.get(target), hops + 1
        visit = Visit(url=url, status=response.status_code, referrer=referrer)
        result.visits.append(visit)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Page()
        parser.feed(response.content.decode("utf-8", "replace"))
        visit.html, visit.text = True, "\n".join(parser.text)
        for href in parser.links:
            target = urldefrag(urljoin(url, href))[0]
            if not _wanted(target) or target in seen:
                continue
            path = urlsplit(target).path
            if DOWNLOAD.search(path):
                path = re.sub(r"\d+", "N", path)
            if per_path.get(path, 0) >= (MAX_PER_DOWNLOAD_KIND if DOWNLOAD.search(path) else MAX_PER_PATH):
                continue
            per_path[path] = per_path.get(path, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return result


# snake_case: two or more lowercase words joined by underscores (priority_changed, return_refund).
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@-]|\.\w)")
RULE_ID = re.compile(r"(?<![\w-])R-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def codes_in(text: str, *, rule_ids: bool, allowed: set[str] = frozenset()) -> list[str]:
    text = EMAIL.sub(" ", text)
    found = [m.group(0) for m in SNAKE.finditer(text) if m.group(0) not in allowed]
    if rule_ids:
        found += [m.group(0) for m in RULE_ID.finditer(text)]
    return found
