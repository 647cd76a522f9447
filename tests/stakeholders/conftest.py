import pytest


@pytest.fixture(autouse=True)
def _in_english(english):
    """This app's tests read its messages in English."""
