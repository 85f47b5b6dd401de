"""The data subject's own copy of their data: `GET /api/v1/me/data-export` answers it at once, as JSON."""

from django.http import HttpResponse
from ninja import Router

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError

router = Router(tags=["personal data"], auth=API_AUTH)


@router.get("/data-export", response={200: dict, 401: dict, 403: dict},
            summary="All personal data the platform holds about the caller (PIPL Art.45), as JSON")
def data_export(request):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from weiquan.accounts.models import INTEGRATION_ROLES
    from weiquan.privacy.export import personal_data_export

    user = request.auth
    if user.role in INTEGRATION_ROLES:
        raise ApiError(403, "forbidden", "an integration account holds no personal data of its own")
    body = json.dumps(personal_data_export(user), cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="weiquan-personal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response
