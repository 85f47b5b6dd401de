"""The public verification page: anyone uploads an evidence bundle (up to 50 MB) and sees whether it is intact,
checked against this site's published keys. The upload is read in memory only and nothing is stored."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from weiquan.core import signing

from .bundle import MAX_BUNDLE_BYTES, verify_bundle


class InMemoryOnly(FileUploadHandler):
    """Keeps the upload in memory and stops reading past the limit: never a temporary file on disk."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.chunks, self.size, self.too_large = [], 0, False

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > MAX_BUNDLE_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.chunks.append(raw_data)
        return None

    def file_complete(self, file_size):
        import io

        from django.core.files.uploadedfile import InMemoryUploadedFile

        data = b"".join(self.chunks)
        return InMemoryUploadedFile(io.BytesIO(data), self.field_name, self.file_name, self.content_type,
                                    len(data), self.charset)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_page(request):
    handler = InMemoryOnly(request)
    try:
        request.upload_handlers = [handler]
    except AttributeError:
        # A middleware already parsed the form (the input guard): Django's own handlers then hold the upload, a
        # large one in a temporary file that is deleted when the request ends. Nothing is kept either way.
        handler = None
    return _verify(request, handler)


@csrf_protect
def _verify(request, handler):
    verdict, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("bundle")
        if getattr(handler, "too_large", False) or (upload is not None and upload.size > MAX_BUNDLE_BYTES):
            error = _("文件超过 50 MB")
        elif upload is None:
            error = _("请选择要核验的 ZIP 文件")
        else:
            verdict = verify_bundle(upload.read(), keys=signing.trusted_keys())
    return render(request, "agencies/verify.html", {
        "verdict": verdict, "error": error, "keys": signing.keys_document()["keys"],
    }, status=413 if error == _("文件超过 50 MB") else 200)
