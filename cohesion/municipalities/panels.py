"""Panels other apps add to a municipality's page (the official figures, later the workshop's).

The municipality app knows no app above it: an app registers a function at start-up
(``AppConfig.ready``) that renders its panel for a request and a municipality, and the page shows
the panels in the order of registration. This keeps the registry the lowest layer."""

from collections.abc import Callable

from django.utils.safestring import SafeString

Panel = Callable[..., str]

_PANELS: dict[str, Panel] = {}


def page_panel_register(name: str, panel: Panel) -> None:
    """Add ``panel(request=..., municipality=...) -> html`` under ``name`` (again: replaced)."""
    _PANELS[name] = panel


def page_panels(*, request, municipality) -> list[SafeString]:
    rendered = (panel(request=request, municipality=municipality) for panel in _PANELS.values())
    return [SafeString(html) for html in rendered if html]
