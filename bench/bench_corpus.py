"""Benchmark: the corpus browser with a 10,000-row dataset (offscreen Qt).

Reports the time to show the table (first page), to scroll to the bottom page by page as
a user would, and to type a filter (which reads every row once), plus the cost of one page.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD .venv/bin/python bench/bench_corpus.py [rows]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from PySide6.QtWidgets import QApplication

    from analysis.corpus.sources import DatasetSource
    from gui.corpus.browser import CorpusBrowser
    from gui.corpus.table_model import PAGE
    from tests.support.corpora import large_homophone_dataset

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    source = DatasetSource(large_homophone_dataset(rows), f"{rows} rows")
    built = time.perf_counter() - t0

    browser = CorpusBrowser()
    browser.resize(900, 600)
    browser.show()
    app.processEvents()
    t0 = time.perf_counter()
    browser.set_source(source)
    app.processEvents()
    opened = time.perf_counter() - t0
    first_rows = browser.model.rowCount()

    t0 = time.perf_counter()
    scrolls = 0
    while browser.model.canFetchMore():
        browser.table.scrollToBottom()
        app.processEvents()
        scrolls += 1
    scrolled = time.perf_counter() - t0

    fresh = DatasetSource(large_homophone_dataset(rows), "again")
    browser.set_source(fresh)
    app.processEvents()
    t0 = time.perf_counter()
    browser.filter.setText("mère")
    app.processEvents()
    filtered = time.perf_counter() - t0
    matches = browser.proxy.rowCount()

    t0 = time.perf_counter()
    for start in range(0, 10 * PAGE, PAGE):
        fresh.examples(start, start + PAGE)
    page = (time.perf_counter() - t0) / 10

    print(f"rows: {rows} (dataset built in {built:.2f} s)")
    print(f"open (first page of {first_rows} rows shown): {opened * 1000:.0f} ms")
    print(f"scroll to the bottom ({scrolls} page fetches): {scrolled * 1000:.0f} ms "
          f"({scrolled / max(scrolls, 1) * 1000:.1f} ms per page)")
    print(f"filter 'mère' over all rows ({matches} matches): {filtered * 1000:.0f} ms")
    print(f"one page of {PAGE} examples from the dataset: {page * 1000:.1f} ms")
    browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
