"""Agency refusals as sentences for the pages: the services speak English to API callers, while a person on a page
reads their own language, so the page looks the refusal up by its code and field instead of showing the service's
words."""

from django.utils.translation import gettext_lazy as _

from .services import AgencyError

# Looked up by (code, field), then by code alone.
_BY_CODE_AND_FIELD = {
    ("invalid", "text"): _("请填写内容。"),
    ("invalid", "outcome"): _("请选择办理结果。"),
    ("invalid", "kind"): _("请选择一种操作。"),
    ("invalid", "body"): _("只能移送给在用的市场监管部门、消费者协会或法院。"),
    ("invalid", "note"): _("移送说明太长或格式不对。"),
}
_BY_CODE = {
    "conflict": _("这项操作已经做过，没有再做一次。"),
    "forbidden": _("您无权进行这项操作。"),
    "not_found": _("没有找到这个案件。"),
}


def refusal_text(error: AgencyError) -> str:
    """What a person is told when an agency action is refused."""
    message = str(error.message)
    if not message.isascii():  # the services wrote it for pages (gettext): already in the reader's language
        return message
    worded = _BY_CODE_AND_FIELD.get((error.code, error.field)) or _BY_CODE.get(error.code)
    return str(worded if worded is not None else _("操作未完成，请检查填写的内容。"))
