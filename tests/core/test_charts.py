"""The shared charts and numbers: written as the reader's locale writes them."""

from django.utils import translation

from cohesion.core.charts import bars_chart, number_display


class Measure:
    unit = "%"
    decimals = 1


def test_numbers_are_rounded_half_up_in_the_readers_locale():
    with translation.override("de"):
        assert number_display(12345.25, 1) == "12.345,3"
        assert number_display(None, 1) == "–"
    with translation.override("en"):
        assert number_display(12345.25, 1) == "12,345.3"
        assert number_display(0.5, 0) == "1"


def test_bars_without_values_give_no_chart():
    assert bars_chart(Measure(), [("Kerpen", None)], description="x") is None


def test_bars_are_drawn_as_an_accessible_svg(db):
    svg = bars_chart(Measure(), [("Kerpen", 12.5), ("Hürth", 3.0)], description="Share <b>")
    assert svg.startswith('<svg role="img" aria-label="Share &lt;b&gt;"')
