"""Public, unauthenticated endpoints of the core: the platform's published signing keys."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from weiquan.core import signing


@require_GET
def signing_keys(request):
    """The JWK Set of every key that signed or signs the platform's bundles and anchors (active first)."""
    response = JsonResponse(signing.keys_document(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from anywhere
    return response
