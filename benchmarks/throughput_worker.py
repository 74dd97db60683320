"""Find the citizen page that ``benchmarks.bench_throughput`` loads, in a process of its own.

Usage: ``python -m benchmarks.throughput_worker --database-url URL``. Prints one JSON object: the
id of the citizen page that :mod:`benchmarks.pages_worker` measures too (the case worker's first
citizen with 3–6 stays, a course and contacts) and the municipality's number of citizens.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from benchmarks.pages_worker import USERNAME, busy_citizen
from benchmarks.worker_common import fail, setup_worker


def main(argv: Sequence[str] | None = None) -> int:
    """Print the citizen page's id and the number of citizens as JSON."""
    setup_worker(argv, "Find borgersiden til gennemløbsmålingen.", runs=0, warmup=0)
    from hjemvej.accounts.models import User
    from hjemvej.citizens.models import Citizen

    user = User.objects.get(username=USERNAME)
    citizen = busy_citizen(user)
    if citizen is None:
        return fail("ingen borger med 3–6 ophold, et forløb og kontakter")
    citizens = Citizen.objects.filter(acting_municipality=user.municipality).count()
    print(json.dumps({"citizen_id": citizen.pk, "citizens": citizens}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
