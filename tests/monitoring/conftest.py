import datetime

import pytest

from cohesion.core.actors import SYSTEM
from cohesion.strategies import services
from cohesion.strategies.selectors import strategy_tree


def in_monitoring(process):
    """The process moved on to the monitoring phase (the strategy phase done)."""
    process.current_phase_slug = "monitoring"
    process.save(update_fields=["current_phase_slug"])


def build_strategy(process, *, measures: int = 3, today=None):
    """A strategy with the standard fields of action, one goal with ``measures`` measures
    (running, from a year ago to a year ahead, 50 %), a milestone due in three days and an
    indicator of its own (baseline 10 in 2020, target 20 in 2030)."""
    today = today or datetime.date.today()
    strategy = services.strategy_create(actor=SYSTEM, process=process, language="de")
    field = strategy_tree(strategy=strategy, language="de")[0]
    field.strategy = strategy
    goal = services.goal_create(
        actor=SYSTEM, field_of_action=field, title={"de": "Mehr Sprachkurse"}, target_year=2030
    )
    made = []
    for number in range(measures):
        made.append(
            services.measure_create(
                actor=SYSTEM,
                goal=goal,
                title={"de": f"Maßnahme {number + 1}"},
                start=today - datetime.timedelta(days=365),
                end=today + datetime.timedelta(days=365),
                status="running",
                progress=50,
            )
        )
    milestone = services.milestone_create(
        actor=SYSTEM,
        measure=made[0],
        due=today + datetime.timedelta(days=3),
        title={"de": "Kursplan fertig"},
    )
    indicator = services.indicator_create(
        actor=SYSTEM,
        goal=goal,
        name={"de": "Kursplätze"},
        baseline=10,
        baseline_period="2020",
        target=20,
        target_year=2030,
    )
    return {
        "strategy": strategy,
        "field": field,
        "goal": goal,
        "measures": made,
        "milestone": milestone,
        "indicator": indicator,
    }


@pytest.fixture
def kerpen(world):
    built = build_strategy(world.kerpen_process)
    in_monitoring(world.kerpen_process)
    built["strategy"].process.refresh_from_db()
    return built


@pytest.fixture
def stuttgart(world):
    return build_strategy(world.stuttgart_process)
