from django.utils.functional import SimpleLazyObject

from cohesion.accounts.predicates import manages_a_programme


def programmes_link(request):
    """Whether the navigation links the programmes a person manages (where municipalities are
    added): asked lazily, so pages that never show the navigation ask nothing."""
    user = getattr(request, "user", None)
    return {
        "manages_programmes": SimpleLazyObject(
            lambda: user is not None and manages_a_programme(user)
        )
    }
