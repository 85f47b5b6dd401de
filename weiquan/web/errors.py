"""Error pages: HTML in the viewer's language, styled like the site, with a way back (their home page); under /api/
the documented JSON shape {"code", "message"} instead, for 400/403/404 and also for a 500."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _home(request) -> str:
    from weiquan.web.views import portal_url

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return portal_url(user) or "/"
    return "/"


def _page(request, status: int, title: str, message: str, *, database: bool = True) -> HttpResponse:
    """database=False: the page reads nothing from the database (no user, no menus): it is down."""
    context = {"status": status, "title": title, "message": message,
               "home_url": _home(request) if database else "/"}
    try:
        body = loader.render_to_string("web/error.html", context, request=request if database else None)
    except Exception:  # the error page must never fail in turn: a plain page in the same words
        logger.exception("error page %s could not be rendered", status)
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p><p><a href='/'>{_('返回首页')}</a>"
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "bad_request", "message": "the request could not be understood"}, status=400)
    return _page(request, 400, _("请求无效"), _("请求的格式不正确。请返回上一页重试。"))


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "forbidden", "message": "you may not do this"}, status=403)
    return _page(request, 403, _("无权访问"), _("您的账号没有打开此页面的权限。如需访问，请联系平台管理员。"))


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "not_found", "message": "no such resource"}, status=404)
    return _page(request, 404, _("页面不存在"), _("您要找的页面不存在或已被移除。请检查地址，或从首页重新进入。"))


# Seconds a client is told to wait when the database cannot be reached (a restart, a failover, a full pool).
RETRY_AFTER_SECONDS = 5


def _database_unavailable() -> bool:
    """Django calls the 500 handler inside the `except` that caught the error, so the error is still at hand."""
    return isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))


def _unavailable(request) -> HttpResponse:
    if _is_api(request):
        response = JsonResponse({"code": "unavailable", "message": "the service is briefly unavailable; retry later"},
                                status=503)
    else:
        response = _page(request, 503, _("暂时无法服务"), _("系统正在恢复，请稍候片刻再试。如果刚才提交了表单，请返回后重新提交。"),
                         database=False)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    # The database restarting or failing over is not a bug in the request: say "try again shortly", not "error".
    if _database_unavailable():
        return _unavailable(request)
    if _is_api(request):
        return JsonResponse({"code": "server_error", "message": "an unexpected error occurred; it has been logged"},
                            status=500)
    return _page(request, 500, _("服务器出错了"), _("处理您的请求时出现意外错误，我们已记录。请稍后再试。"))
