"""Time to write a demo-sized strategy as PDF and as DOCX (and, for scale, XLSX and JSON).

Sets up a fresh database (SQLite in a temporary directory, or PostgreSQL when DATABASE_URL
names a server) and loads the demo, whose Kerpen has a strategy from its workshop (6 fields of
action, 15 goals, 40 measures with their milestones, 20 indicators). Then times, in German:
- the first PDF (its charts rendered by vl-convert and cached) and the first DOCX (its chart
  rendered to PNG), each from the document object on;
- --runs more of each (median and slowest), the charts of the PDF from the cache as on a
  server that made the document before;
- the document object alone (the queries and the roll-ups) and its query count.
Prints readable lines and ends with one JSON line of the figures.

    .venv/bin/python bench/strategy_documents.py [--runs 5]
"""

import argparse
import io
import json
import statistics
import time

from _database import benchmark_database


def say(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - the benchmark's output


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 1)


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with benchmark_database() as vendor:
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from pypdf import PdfReader

        from cohesion.demo.services import demo_load
        from cohesion.strategies import documents
        from cohesion.strategies.models import Strategy

        seconds, _ = timed(demo_load)
        strategy = Strategy.objects.get(process__municipality__ags="05362032")
        say(f"demo loaded in {round(seconds, 1)} s ({vendor}); Kerpen's strategy")

        def pdf():
            return documents.strategy_pdf(
                documents.strategy_document(strategy=strategy, language="de")
            )

        def docx():
            return documents.strategy_docx(
                documents.strategy_document(strategy=strategy, language="de", charts=False)
            )

        def plain(format):
            return lambda: documents.strategy_export(
                strategy=strategy, format=format, language="de"
            )

        cache.clear()
        pdf_first, content = timed(pdf)
        pages = len(PdfReader(io.BytesIO(content)).pages)
        say(f"PDF, first (charts rendered): {milliseconds(pdf_first)} ms, {pages} pages")
        docx_first, content = timed(docx)
        say(f"DOCX, first: {milliseconds(docx_first)} ms, {len(content)} bytes")

        figures = {
            "benchmark": "strategy_documents",
            "database": vendor,
            **documents.strategy_document(strategy=strategy, language="de", charts=False).counts,
            "runs": arguments.runs,
            "pdf_pages": pages,
            "pdf_first_ms": milliseconds(pdf_first),
            "docx_first_ms": milliseconds(docx_first),
        }
        for name, function in (
            ("pdf", pdf),
            ("docx", docx),
            ("xlsx", plain("xlsx")),
            ("json", plain("json")),
        ):
            times = [timed(function)[0] for _run in range(arguments.runs)]
            figures[f"{name}_median_ms"] = milliseconds(statistics.median(times))
            figures[f"{name}_max_ms"] = milliseconds(max(times))
            say(
                f"{name.upper()}: median {figures[f'{name}_median_ms']} ms, "
                f"slowest {figures[f'{name}_max_ms']} ms over {arguments.runs} runs"
            )
        with CaptureQueriesContext(connection) as queries:
            seconds, _document = timed(
                lambda: documents.strategy_document(strategy=strategy, language="de", charts=False)
            )
        figures["document_ms"] = milliseconds(seconds)
        figures["document_queries"] = len(queries)
        say(f"document object: {figures['document_ms']} ms, {len(queries)} queries")
        say(json.dumps(figures))


if __name__ == "__main__":
    main()
