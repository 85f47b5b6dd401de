"""The one answer that hands a file to a person: evidence, licences, inspection reports, a case bundle, the personal
data copy. Pages and the API serve the same file with the same headers.

- Content type as found at upload (never guessed from the name), `X-Content-Type-Options: nosniff`, so a file is never
  run as HTML;
- `Content-Disposition` with an ASCII fallback and the RFC 5987 `filename*` for names in Chinese;
- `Cache-Control: private, no-store`: these files carry personal data and must not stay in shared caches;
- a Content-Security-Policy: images sandboxed, PDFs not (a sandboxed document cannot start the browser's PDF viewer,
  which runs PDF scripts isolated anyway), anything else sandboxed with nothing allowed;
- a stored file is read through its storage, which decrypts it (`weiquan.core.storage`).
"""

import re
from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse, HttpResponse, HttpResponseBase

CSP_IMAGE = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
CSP_PDF = "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'"
CSP_OTHER = "default-src 'none'; sandbox"
SHOWN_INLINE = ("image/", "application/pdf")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="..."; filename*=UTF-8''...`: old clients read the ASCII name, the others the real one."""
    kind = "inline" if inline else "attachment"
    name = re.sub(r"[\r\n\"\\/]", "_", filename or "download").strip() or "download"
    fallback = name.encode("ascii", "ignore").decode()
    _stem, dot, ext = name.rpartition(".")
    if fallback != name:  # some characters had no ASCII form: keep the extension, name the rest plainly
        fallback = "download" + (dot + ext if dot and ext.isascii() else "")
    header = f'{kind}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def csp_for(content_type: str) -> str:
    if content_type.startswith("image/"):
        return CSP_IMAGE
    return CSP_PDF if content_type == "application/pdf" else CSP_OTHER


def file_download(source: File | bytes, *, filename: str, content_type: str,
                  inline: bool | None = None) -> HttpResponseBase:
    """A stored file (read and decrypted through its storage) or bytes built for this request, as a download.
    `inline=None` shows images and PDFs in the browser and downloads everything else."""
    if inline is None:
        inline = content_type.startswith(SHOWN_INLINE)
    if isinstance(source, bytes):
        response: HttpResponseBase = HttpResponse(source, content_type=content_type)
    else:
        response = FileResponse(source.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = csp_for(content_type)
    return response
