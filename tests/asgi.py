"""The project's ASGI application for tests, imported only when a test runs: its WhiteNoise
middleware lists the static files when it is built, so it must be built after the session has
collected them (tests/conftest.py), never at collection time."""


def asgi_application():
    from cohesion.asgi import application

    return application
