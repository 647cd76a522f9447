from cohesion.accounts.models import User
from cohesion.demo.services import DEMO_PEOPLE
from cohesion.processes.models import Programme


def demo_is_loaded() -> bool:
    return Programme.objects.exists() or User.objects.exists()


def demo_logins() -> list[tuple[str, str]]:
    return [(username, description) for username, *_rest, description in DEMO_PEOPLE]
