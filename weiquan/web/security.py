"""Headers every HTML page carries: a Content Security Policy (no inline script anywhere; scripts are static files),
and a Permissions-Policy that turns off browser features the site never uses. A response that sets its own policy
(evidence downloads) keeps it; a page that may be framed by the site itself (the evidence viewer) says so."""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        html = response.get("Content-Type", "").startswith("text/html")
        if html and settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            ancestors = "'self'" if response.get("X-Frame-Options") == "SAMEORIGIN" else "'none'"
            response["Content-Security-Policy"] = f"{settings.CONTENT_SECURITY_POLICY}; frame-ancestors {ancestors}"
        return response
