"""The chart specifications: a trend broken where the census basis changes."""

from cohesion.core.charts import trend_spec
from cohesion.indicators.catalogue import census_basis

POINTS = [("2021", 66294.0), ("2022", 67239.0), ("2024", 66585.0)]


def test_the_census_basis_of_a_period():
    assert census_basis("2022-12-31") == "Zensus 2011"
    assert census_basis("2022") == "Zensus 2011"
    assert census_basis("2023-12-31") == "Zensus 2022"
    assert census_basis("2024") == "Zensus 2022"


def test_a_trend_without_a_break_is_one_line():
    spec = trend_spec(points=POINTS, unit="persons", decimals=0)
    assert "layer" not in spec
    assert {v["part"] for v in spec["data"]["values"]} == {0}


def test_a_trend_with_a_break_is_two_lines_and_a_labelled_rule():
    spec = trend_spec(
        points=POINTS, unit="persons", decimals=0, break_at="2024", break_label="Zensus 2022"
    )
    line, rule, text = spec["layer"]
    assert [v["part"] for v in line["data"]["values"]] == [0, 0, 1]
    assert line["encoding"]["detail"]["field"] == "part"
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"][0]["period"] == "2024"
    assert text["data"]["values"][0]["label"] == "Zensus 2022"
