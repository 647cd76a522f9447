"""``cohesion bench NAME [flags]``: the benchmarks the apps register (cohesion.core.benchmarks),
each with flags of its own."""

from django.core.management.base import BaseCommand

from cohesion.core.benchmarks import benchmarks


class Command(BaseCommand):
    help = "Run a benchmark: " + ", or ".join(benchmarks()) + "."

    def add_arguments(self, parser):
        names = parser.add_subparsers(dest="name", required=True, metavar="name")
        for benchmark in benchmarks().values():
            benchmark.arguments(names.add_parser(benchmark.name, help=benchmark.help))

    def handle(self, *args, name: str, **options):
        benchmarks()[name].run(options, self.stdout.write)
