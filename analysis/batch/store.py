"""The results store of one batch run: a folder that survives interruptions.

Layout of ``OUT/<run>/``::

    run.json              what was run (model, weights, methods, options)
    scores/<key>.npz      each example's ScoreSet
    parts/<key>.parquet   each example's cue-contribution rows, until compacted
    done/<key>.json       written last: status ("ok", "partial", "failed", "skipped"),
                          problems with their reasons, row count, seconds
    results.parquet       all rows (compaction merges the parts into it)
    failures.csv          every problem, one line each

Every file is written atomically and an example counts as done only once its ``done``
marker exists, so a killed run loses at most the example in flight. Examples are
independent files, so several workers (processes, Ray tasks) may write into one run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd

from analysis.atomic import atomic_path, atomic_write_text
from analysis.errors import MixScopeError

ROW_COLUMNS = ["run", "model", "weights", "seed", "example_id", "component", "method",
               "target_role", "target_word", "cue_word", "layer", "n_layers", "depth", "value"]
FAILURE_COLUMNS = ["run", "example_id", "status", "stage", "component", "reason"]
# Options that must match for a run folder to be resumed rather than mixed up.
IDENTITY_KEYS = ("model", "weights", "seed", "methods", "components", "spans", "language",
                 "task", "decoder_tokens", "drop_prefix", "corpus")


def example_key(example_id: str) -> str:
    """A file-name-safe, collision-free key for an example id."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", example_id).strip("._")[:60] or "example"
    digest = hashlib.sha1(example_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe}-{digest}"


def run_name(model: str, weights: str, seed: int | None) -> str:
    """"openai--whisper-base" (a hub id) or the folder's name, plus the random-init seed."""
    path = Path(model)
    base = path.name if path.exists() else model.strip("/")
    name = re.sub(r"[^A-Za-z0-9._-]+", "--", base).strip("-.") or "model"
    return name if weights == "trained" else f"{name}@random-init-seed{seed}"


class RunStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    # -- the run's identity -----------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / "run.json"

    def manifest(self) -> dict:
        if not self.manifest_path.exists():
            raise MixScopeError(f"{self.root} is not a batch run (no run.json)")
        manifest = read_json(self.manifest_path)
        if not isinstance(manifest, dict):
            raise MixScopeError("is not a batch run description (not a JSON object)",
                                self.manifest_path)
        return manifest

    def open(self, manifest: dict) -> None:
        """Create the run folder, or check that an existing one ran with the same options."""
        for sub in ("scores", "parts", "done"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        if self.manifest_path.exists():
            previous = self.manifest()
            changed = [k for k in IDENTITY_KEYS if previous.get(k) != manifest.get(k)]
            if changed:
                details = "; ".join(f"{k}: {previous.get(k)!r} then {manifest.get(k)!r}"
                                    for k in changed)
                raise MixScopeError(f"{self.root} holds a run with other options ({details}); "
                                    "use another --out folder")
            return
        atomic_write_text(self.manifest_path, json.dumps(manifest, indent=2, default=str))

    # -- per example ----------------------------------------------------------------------
    def score_path(self, key: str) -> Path:
        return self.root / "scores" / f"{key}.npz"

    def done_keys(self) -> set[str]:
        return {p.stem for p in (self.root / "done").glob("*.json")}

    def record(self, key: str) -> dict:
        return read_json(self.root / "done" / f"{key}.json")

    def records(self) -> list[dict]:
        return [self.record(k) for k in sorted(self.done_keys())]

    def write_example(self, key: str, rows: list[dict], record: dict) -> None:
        """The example's rows, then its done marker (the commit point)."""
        if rows:
            frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
            with atomic_path(self.root / "parts" / f"{key}.parquet") as tmp:
                frame.to_parquet(tmp, index=False)
        record = {**record, "key": key, "rows": len(rows)}
        atomic_write_text(self.root / "done" / f"{key}.json",
                          json.dumps(record, ensure_ascii=False, default=str))

    # -- the whole run ----------------------------------------------------------------------
    def compact(self) -> pd.DataFrame:
        """Merge finished parts into results.parquet (then delete them); rewrite failures.csv.

        A crash between the rewrite and the deletion leaves parts that the next compaction
        merges again; duplicates are dropped by (example, component, method, target, layer)."""
        done = self.done_keys()
        parts = sorted(p for p in (self.root / "parts").glob("*.parquet") if p.stem in done)
        frames = [self.results()] + [read_rows(p) for p in parts]
        frames = [f for f in frames if len(f)]
        results = (pd.concat(frames, ignore_index=True) if frames
                   else pd.DataFrame(columns=ROW_COLUMNS))
        results = results.drop_duplicates(
            ["example_id", "component", "method", "target_role", "layer"], keep="last")
        results = results.sort_values(["example_id", "component", "method", "target_role",
                                       "layer"], kind="stable").reset_index(drop=True)
        with atomic_path(self.root / "results.parquet") as tmp:
            results.to_parquet(tmp, index=False)
        for part in parts:
            part.unlink(missing_ok=True)
        self._write_failures()
        return results

    def results(self) -> pd.DataFrame:
        """Compacted rows plus any finished parts not yet compacted."""
        path = self.root / "results.parquet"
        frames = [read_rows(path)] if path.exists() else []
        done = self.done_keys()
        frames += [read_rows(p) for p in sorted((self.root / "parts").glob("*.parquet"))
                   if p.stem in done]
        if not frames:
            return pd.DataFrame(columns=ROW_COLUMNS)
        frame = pd.concat(frames, ignore_index=True)
        return frame.drop_duplicates(
            ["example_id", "component", "method", "target_role", "layer"], keep="last")

    def failures(self) -> list[dict]:
        """One entry per problem of every finished example."""
        found = []
        for record in self.records():
            for problem in record.get("problems", []):
                found.append({"run": record.get("run"), "example_id": record["example_id"],
                              "status": record["status"], **problem})
        return found

    def _write_failures(self) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, FAILURE_COLUMNS, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.failures())
        atomic_write_text(self.root / "failures.csv", buffer.getvalue())


def run_folders(paths) -> list[Path]:
    """Run folders found in the given paths (a run folder, or a batch output folder)."""
    found = []
    for path in map(Path, paths):
        if (path / "run.json").exists():
            found.append(path)
        elif path.is_dir():
            found += sorted(p.parent for p in path.glob("*/run.json"))
        if not found:
            raise MixScopeError(f"no batch results in {path}")
    return found


def read_results(paths) -> pd.DataFrame:
    """The rows of every run under ``paths``."""
    frames = [RunStore(folder).results() for folder in run_folders(paths)]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ROW_COLUMNS)


def read_rows(path: Path) -> pd.DataFrame:
    """A results (or part) parquet file; a damaged file or one without the row columns is a
    MixScopeError naming it."""
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises many types (ArrowInvalid, OSError, ...)
        raise MixScopeError(f"cannot read it as a results table ({_first_line(err)})",
                            path) from err
    missing = [c for c in ROW_COLUMNS if c not in frame.columns]
    if missing:
        raise MixScopeError(f"is not a MixScope results table: no column {', '.join(missing)}",
                            path)
    return frame


def read_json(path: Path):
    """A JSON file of the run; a damaged one is a MixScopeError with its file and line."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise MixScopeError(f"not UTF-8 text (byte {err.start})", path) from err
    except json.JSONDecodeError as err:
        raise MixScopeError(f"not valid JSON: {err.msg}", path, err.lineno) from err
    except (OSError, ValueError) as err:
        raise MixScopeError(f"cannot read it: {_first_line(err)}", path) from err


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__
