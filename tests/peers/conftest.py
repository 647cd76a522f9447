"""The real registry and statistics, loaded once for this package's tests."""

from tests.real_figures import demo_figures, figures  # noqa: F401 - fixtures
