"""Indicator formulas: arithmetic over named raw series, evaluated period by period.

Pure module (no Django). A formula is text such as ``foreigners / population * 100``; it is parsed
once into a small tree (only + - * /, numbers and names), so that a catalogue entry shows the
user exactly what is computed and nothing but arithmetic can run.

Periods are ``YYYY-MM-DD`` (a reference date) or ``YYYY`` (a year). The first name of a formula
is its *leading* series: a value is computed for each of its periods. Every other series is taken
for the same period, else for another period of the same year, else for the latest period of up
to ``max_lag_years`` earlier (foreigners on 31.12.2025 over the population of 31.12.2024, as the
statistics offices themselves do when a denominator is published later). Which period each input
came from travels with the result, so the page can say so.
"""

import ast
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class FormulaError(ValueError):
    """The formula text is not arithmetic over series names."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: tuple[str, ...]  # in order of first appearance; names[0] leads

    @property
    def leading(self) -> str:
        return self.names[0]


def parse(text: str) -> Formula:
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise FormulaError(f"not a formula: {text!r}") from error
    positions: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            positions[node.id] = min(node.col_offset, positions.get(node.id, node.col_offset))
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _OPERATORS:
                raise FormulaError(f"only + - * / are allowed: {text!r}")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise FormulaError(f"only a minus sign may stand before a term: {text!r}")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError(f"only numbers may be constants: {text!r}")
        elif not isinstance(node, ast.operator | ast.unaryop | ast.Load):
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula: {text!r}")
    if not positions:
        raise FormulaError(f"a formula needs at least one series: {text!r}")
    # In the order they are written: the leading series is the leftmost one.
    names = tuple(sorted(positions, key=positions.__getitem__))
    return Formula(text=text, tree=tree, names=names)


def year_of(period: str) -> int:
    return int(period[:4])


@dataclass(frozen=True)
class Computed:
    """One value of a formula, and the period each of its inputs was taken from."""

    period: str
    value: float | None  # None: an input is missing, or a division by zero
    inputs: Mapping[str, str | None] = field(default_factory=dict)  # name -> period used

    @property
    def lagged(self) -> dict[str, str]:
        """Inputs taken from another period than the result's."""
        return {
            name: used
            for name, used in self.inputs.items()
            if used is not None and used != self.period
        }


def align(period: str, available: Mapping[str, float | None], max_lag_years: int) -> str | None:
    """The period of a series to use for ``period``: the same, the same year, or an earlier one."""
    if period in available:
        return period
    year = year_of(period)
    best: str | None = None
    for candidate in available:
        candidate_year = year_of(candidate)
        earlier = year - max_lag_years <= candidate_year <= year and candidate <= period.ljust(
            10, "9"
        )
        if earlier and (best is None or candidate > best):
            best = candidate
    if best is None:
        # A year-only period ("2024") against reference dates: 31.12.2024 is the same year.
        same_year = [candidate for candidate in available if year_of(candidate) == year]
        best = max(same_year) if same_year else None
    return best


def evaluate(
    formula: Formula,
    series: Mapping[str, Mapping[str, float | None]],
    *,
    max_lag_years: int = 1,
) -> list[Computed]:
    """The formula for every period of its leading series, oldest first."""
    leading = series.get(formula.leading, {})
    results = []
    for period in sorted(leading):
        used: dict[str, str | None] = {formula.leading: period}
        values: dict[str, float | None] = {formula.leading: leading[period]}
        for name in formula.names[1:]:
            available = series.get(name, {})
            chosen = align(period, available, max_lag_years)
            used[name] = chosen
            values[name] = available[chosen] if chosen is not None else None
        results.append(Computed(period=period, value=_compute(formula.tree, values), inputs=used))
    return results


def _compute(node: ast.expr, values: Mapping[str, float | None]) -> float | None:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        value = values.get(node.id)
        return None if value is None else float(value)
    if isinstance(node, ast.UnaryOp):
        operand = _compute(node.operand, values)
        return None if operand is None else -operand
    left = _compute(node.left, values)
    right = _compute(node.right, values)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Div) and right == 0:
        return None
    return _OPERATORS[type(node.op)](left, right)
