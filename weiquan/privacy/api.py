"""The data subject's own copy of their data: `GET /api/v1/me/data-export` answers it at once, as JSON."""

from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS
from weiquan.core.downloads import file_download

router = Router(tags=["personal data"], auth=API_AUTH)


class PersonalDataExport(Schema):
    """The sections of the export; each lists the caller's own rows (see privacy/export.py)."""

    model_config = ConfigDict(extra="allow")

    format: str = Field(..., description="weiquan-personal-data/1")
    generated_at: datetime
    account: dict[str, Any]
    orders: list[dict[str, Any]] = Field(default_factory=list)
    complaints: list[dict[str, Any]] = Field(default_factory=list)
    enquiries: list[dict[str, Any]] = Field(default_factory=list,
                                            description="the caller's phone enquiries and the answers given")
    notifications: list[dict[str, Any]] = Field(default_factory=list)
    personal_data_access: list[dict[str, Any]] = Field(default_factory=list,
                                                       description="who in the platform opened the caller's data")


@router.get("/data-export", response={200: PersonalDataExport, **ERRORS},
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
    # The page's JSON copy answers with the same headers (weiquan.core.downloads).
    return file_download(body.encode(), filename="weiquan-personal-data.json",
                         content_type="application/json; charset=utf-8")
