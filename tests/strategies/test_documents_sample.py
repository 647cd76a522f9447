"""A strategy of the demo's size for the documents' tests and benchmark, built through the
strategies services (6 fields of action, 15 goals, 40 measures, 20 indicators by default)."""

import datetime
from decimal import Decimal

from cohesion.strategies import services
from cohesion.strategies.models import Strategy

STATUSES = ("planned", "running", "running", "delayed", "completed", "cancelled")


def sample_strategy_fill(
    *,
    actor,
    process,
    fields: int = 6,
    goals: int = 15,
    measures: int = 40,
    indicators: int = 20,
    language: str = "de",
) -> Strategy:
    """Start the process's strategy and fill it: the standard fields of action cut to
    ``fields``, goals, measures (with a milestone each) and indicators (with two actual values
    each) spread over them in turn."""
    strategy = services.strategy_create(actor=actor, process=process, language=language)
    services.strategy_update(
        actor=actor,
        strategy=strategy,
        guiding_principles={
            language: "Integration ist eine Aufgabe aller.\nWir planen mit den Menschen, "
            "nicht für sie."
        },
    )
    all_fields = list(strategy.fields_of_action.order_by("order", "pk"))
    for extra in all_fields[fields:]:
        services.field_of_action_delete(actor=actor, field_of_action=extra)
    kept = all_fields[:fields]
    goal_list = []
    for index in range(goals):
        goal_list.append(
            services.goal_create(
                actor=actor,
                field_of_action=kept[index % len(kept)],
                title={
                    language: f"Ziel {index + 1}: mehr Teilhabe in Bereich {index % fields + 1}"
                },
                description={language: "Messbar und mit Zieljahr."},
                target_year=2030,
                weight=1 + index % 3,
            )
        )
    for index in range(measures):
        status = STATUSES[index % len(STATUSES)]
        measure = services.measure_create(
            actor=actor,
            goal=goal_list[index % len(goal_list)],
            title={language: f"Maßnahme {index + 1}: Sprachkurs am Abend"},
            lead="Volkshochschule" if index % 2 else "Integrationsbüro",
            partners="Jobcenter, Vereine",
            start=datetime.date(2024, 1 + index % 12, 1),
            end=datetime.date(2027, 1 + index % 12, 28),
            budget=Decimal(5000 + 250 * index),
            status=status,
            progress={"planned": 0, "completed": 100}.get(status, (index * 7) % 90),
        )
        services.milestone_create(
            actor=actor,
            measure=measure,
            due=datetime.date(2025, 1 + index % 12, 15),
            title={language: f"Meilenstein {index + 1}"},
            done_on=datetime.date(2025, 1 + index % 12, 10) if index % 3 == 0 else None,
        )
    for index in range(indicators):
        indicator = services.indicator_create(
            actor=actor,
            goal=goal_list[index % len(goal_list)],
            name={language: f"Indikator {index + 1}: Quote"},
            unit="%",
            better="higher",
            baseline=Decimal("40.5") + index,
            baseline_period="2022",
            baseline_source="Statistik NRW",
            target=Decimal("60") + index,
            target_year=2030,
        )
        for year, step in ((2023, Decimal("2.25")), (2024, Decimal("4.5"))):
            services.indicator_actual_add(
                actor=actor,
                indicator=indicator,
                period=str(year),
                value=indicator.baseline + step * (1 + index % 3),
                source="Demo-Daten",
            )
    strategy.refresh_from_db()
    return strategy


def test_the_sample_has_the_demo_size(world):
    strategy = sample_strategy_fill(actor=world.coordinator, process=world.kerpen_process)
    assert strategy.fields_of_action.count() == 6
    from cohesion.strategies.models import Goal, GoalIndicator, Measure

    assert Goal.objects.count() == 15
    assert Measure.objects.count() == 40
    assert GoalIndicator.objects.count() == 20
