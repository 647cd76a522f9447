"""The Content-Security-Policy header, with the websocket origin of the page's own host.

CSP 3 lets ``'self'`` match ws:/wss: on the same host, but browsers that predate that reading
(Safari before 15.4) block the live updates; naming the origin explicitly serves both. The host
is the validated one (ALLOWED_HOSTS), so nothing a client sends widens the policy."""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.core.exceptions import DisallowedHost


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        # A redirect is no document: browsers apply the policy of the page it leads to. Building
        # the policy for every vote's redirect cost the vote path 4 % of its time.
        if 300 <= response.status_code < 400:
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        scheme = "wss" if request.is_secure() else "ws"
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", []), f"{scheme}://{host}"]
        parts.update = update
        return parts
