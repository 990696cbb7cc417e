"""What a browser of corpus curves shows, without Qt: the batch results of some folders,
their curves, the choices they offer (components, methods, target roles, runs) and the rows
of one choice. Reading is slow (parquet files), so the app builds this off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.batch.curves import curves, run_label, select
from analysis.errors import MixScopeError


@dataclass(frozen=True)
class RunChoice:
    run: str  # the run folder's name
    label: str  # model and weights, as a person reads them
    examples: int


@dataclass(frozen=True)
class CurveBrowsing:
    folders: tuple[Path, ...]
    results: pd.DataFrame  # one row per example, layer, component, method, target role
    table: pd.DataFrame  # analysis.batch.curves.curves(results)

    @classmethod
    def read(cls, folders) -> CurveBrowsing:
        """Read every run under ``folders`` (a MixScopeError names a damaged file)."""
        from analysis.batch.store import read_results

        results = read_results(folders)
        return cls(tuple(Path(f) for f in folders), results, curves(results))

    @property
    def empty(self) -> bool:
        return self.table.empty

    def values(self, column: str) -> list[str]:
        """The values of ``column`` (component, method, target_role), sorted."""
        return sorted(str(v) for v in self.results[column].unique())

    def runs(self) -> list[RunChoice]:
        return [RunChoice(str(run), run_label(rows), int(rows["example_id"].nunique()))
                for run, rows in self.results.groupby("run", sort=True)]

    def examples(self) -> int:
        return int(self.results["example_id"].nunique())

    def visible(self, *, component: str, method: str, target_role: str,
                runs) -> pd.DataFrame:
        """The curve points of one component, method and target role for ``runs``."""
        rows = select(self.table, component=component, method=method, target_role=target_role)
        return rows[rows["run"].isin(list(runs))]

    def run_folder(self, run: str) -> Path:
        """The folder of the run named ``run`` under the folders read."""
        from analysis.batch.store import run_folders

        for folder in run_folders(self.folders):
            if folder.name == run:
                return folder
        raise MixScopeError(f"no run folder for {run}")


NOTHING = CurveBrowsing((), pd.DataFrame(), pd.DataFrame())
