import rules
from django.utils.functional import SimpleLazyObject


def audit_trail_link(request):
    """Whether the navigation links the audit trail. Asked of the rules alone (not Django's
    model backend, which would query the user's and groups' permission tables on every page)."""
    user = getattr(request, "user", None)
    return {
        "can_read_audit_trail": SimpleLazyObject(
            lambda: user is not None and rules.has_perm("audit.view_trail", user)
        )
    }
