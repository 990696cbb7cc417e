"""How long ``import analysis`` and ``from analysis import api`` take in a fresh interpreter,
and which heavy libraries they load (none should: torch and transformers load with the
first model, pandas with the first table, matplotlib with the first figure).

    PYTHONPATH=$PWD python bench/bench_api_import.py [--repeat 7]

Each import runs in its own new interpreter ``--repeat`` times; the median and the best are
reported, beside ``import torch`` and ``import transformers`` for scale.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "pandas", "matplotlib", "datasets", "PySide6")
CASES = {
    "import analysis": "import analysis",
    "from analysis import api": "from analysis import api",
    "import torch": "import torch",
    "import transformers": "import transformers",
}


def one_run(statement: str) -> tuple[float, list[str]]:
    code = ("import sys, time\n"
            "start = time.perf_counter()\n"
            f"{statement}\n"
            "seconds = time.perf_counter() - start\n"
            f"print(seconds, *[m for m in {HEAVY!r} if m in sys.modules])\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    seconds, *loaded = result.stdout.split()
    return float(seconds), loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'statement':<26} {'median ms':>10} {'best ms':>9}  heavy modules loaded")
    for name, statement in CASES.items():
        runs = [one_run(statement) for _ in range(args.repeat)]
        times = [seconds * 1000 for seconds, _ in runs]
        loaded = ", ".join(runs[-1][1]) or "none"
        print(f"{name:<26} {statistics.median(times):>10.1f} {min(times):>9.1f}  {loaded}")


if __name__ == "__main__":
    main()
