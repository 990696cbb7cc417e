"""Batch scoring: every annotated example of a corpus, scored and summarised as cue
contribution rows in a resumable store (see store.py).

One model is loaded per worker and kept for all its examples; torch uses every core (or the
GPU) for each example. ``run_shard`` is the unit of work: the local runner calls it once for
all pending examples, the Ray runner (cluster.py) once per shard on remote workers.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from analysis.batch import WEIGHT_CHOICES
from analysis.batch.examples import CorpusExample, open_examples
from analysis.batch.rows import cue_rows
from analysis.batch.store import RunStore, example_key, run_name
from analysis.errors import MixScopeError
from analysis.methods import DEFAULT_METHODS

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BatchOptions:
    model: str
    revision: str | None = None  # hub branch, tag or commit (None: the default branch)
    weights: str = "trained"  # or "random-init"
    seed: int = 0  # for random-init weights
    methods: tuple[str, ...] = DEFAULT_METHODS
    components: tuple[str, ...] | None = None  # None: all the model has
    spans: str = "reference"
    language: str = "fr"
    task: str = "transcribe"
    # Whisper decoder tokens: "model" (its own transcription, as in the paper),
    # "transcription" (the corpus text, teacher-forced) or "trained" (the tokens the trained
    # run of the same model used for the example: the random-init baseline then sees
    # exactly the trained model's tokens).
    decoder_tokens: str = "model"
    drop_prefix: bool = True
    device: str = "auto"
    threads: int | None = None  # torch CPU threads; None: every core
    retry_failed: bool = False
    limit: int | None = None  # only the first N examples (trials)

    def __post_init__(self):
        """Every option is checked here, before any example is read or scored."""
        from analysis.batch.options import check_options

        check_options(self)

    @property
    def run(self) -> str:
        return run_name(self.model, self.weights, self.seed)

    @property
    def random_seed(self) -> int | None:
        """The seed of random-init weights; None for trained ones."""
        return self.seed if self.weights == "random-init" else None


@dataclass
class BatchSummary:
    run_folder: Path
    total: int = 0  # examples in the corpus (after --limit)
    skipped_done: int = 0  # finished by an earlier run
    processed: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)  # every problem of the whole run
    seconds: float = 0.0
    rows: int = 0

    @property
    def results_path(self) -> Path:
        return RunStore(self.run_folder).results_path

    @property
    def examples_per_minute(self) -> float:
        return 60.0 * self.processed / self.seconds if self.seconds > 0 else 0.0


class Eta:
    """Elapsed time and an ETA from the mean time of the examples processed so far."""

    def __init__(self, total: int):
        self.total = total
        self.start = time.monotonic()
        self.done = 0

    def step(self) -> None:
        self.done += 1

    def text(self) -> str:
        elapsed = time.monotonic() - self.start
        if not self.done:
            return f"{_clock(elapsed)} elapsed"
        remaining = elapsed / self.done * (self.total - self.done)
        return f"{_clock(elapsed)} elapsed, ETA {_clock(remaining)}"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def manifest(options: BatchOptions, corpus: str) -> dict:
    return {**asdict(options), "run": options.run, "corpus": str(corpus),
            "methods": list(options.methods),
            "components": list(options.components) if options.components else None}


def prepare_model(options: BatchOptions):
    """Load the model (and replace its weights for the random-init baseline)."""
    import torch

    from analysis.models.loading import load_model

    torch.set_num_threads(options.threads or os.cpu_count() or 1)
    loaded = load_model(options.model, device=options.device, revision=options.revision)
    if options.weights == "random-init":
        from analysis.batch.baseline import random_init

        loaded = random_init(loaded, options.seed)
    return loaded


def process_example(loaded, example: CorpusExample, options: BatchOptions, store: RunStore,
                    scorer=None) -> dict:
    """Score one example, write its rows, npz and done marker; returns the done record."""
    started = time.monotonic()
    base = {"run": options.run, "example_id": example.example_id, "index": example.index}
    missing = example.missing_annotation()
    if missing:
        record = {**base, "status": "skipped",
                  "problems": [{"stage": "annotation", "component": "", "reason": missing}]}
        store.write_example(example_key(example.example_id), [], record)
        return record
    key = example_key(example.example_id)
    try:
        waveform = example.load_waveform()
        scores, problems = _score(loaded, waveform, example, options, scorer, store, key)
    except MixScopeError as err:
        return _failed(store, key, base, "score", str(err), started)
    except Exception as err:  # a model bug must not stop the corpus; the reason is kept
        reason = f"{type(err).__name__}: {err} ({traceback.format_exc(limit=-1).strip()})"
        return _failed(store, key, base, "score", reason, started)
    scores.provenance = replace(scores.provenance, weights=options.weights,
                                seed=options.random_seed)
    scores.save(store.score_path(key))
    rows, cue_problems = cue_rows(scores, example, options, loaded.tokenizer)
    problems += cue_problems
    status = "ok" if not problems else "partial" if rows else "failed"
    record = {**base, "status": status, "problems": problems,
              "seconds": round(time.monotonic() - started, 3)}
    store.write_example(key, rows, record)
    return record


def _score(loaded, waveform, example: CorpusExample, options: BatchOptions, scorer,
           store: RunStore, key: str) -> tuple:
    """(the ScoreSet, problems). A contrast that cannot be computed (the decoder tokens do
    not spell the target, say) is a problem of the example, which is scored without it."""
    if scorer is None:
        from analysis.scoring import score as scorer
    from analysis.token_labels import find_word

    kwargs = dict(methods=options.methods, components=options.components, spans=options.spans,
                  target=find_word(example.words, example.target_word))
    if loaded.kind == "whisper":
        if example.alternative and kwargs["target"] is not None and (
                options.components is None or "cross" in options.components):
            kwargs["alternative"] = example.alternative
        kwargs.update(language=options.language, task=options.task)
        if options.decoder_tokens == "transcription":
            if not example.transcription.strip():
                raise MixScopeError("no transcription to teacher-force")
            kwargs["decoder_text"] = example.transcription
        elif options.decoder_tokens == "trained":
            kwargs["decoder_ids"] = trained_decoder_ids(store, options, key)
    try:
        return scorer(loaded, waveform, example.words, **kwargs), []
    except MixScopeError as err:
        if "alternative" not in kwargs:
            raise
        kwargs.pop("alternative")  # a failure not due to the contrast happens again here
        problem = {"stage": "contrast", "component": "cross", "reason": str(err)}
        return scorer(loaded, waveform, example.words, **kwargs), [problem]


def planned_runs(models: str | Path | Sequence[str | Path], weights: str, out: str | Path,
                 decoder_tokens: str | None = None, **options) -> Iterator[BatchOptions]:
    """The runs of one batch request, in order: every model with the trained weights, the
    random-init baseline, or both. Every run's options are made, and so checked, now, before
    anything runs; they are yielded one at a time because a random-init run's default decoder
    tokens depend on the trained run before it: 'trained' (the very tokens the trained run
    used) when that run exists, else the corpus 'transcription' (a random model's own
    transcription is noise). ``options`` are the other BatchOptions fields."""
    if weights not in WEIGHT_CHOICES:
        raise MixScopeError(f"--weights must be one of {', '.join(WEIGHT_CHOICES)}, not "
                            f"{weights!r}")
    from analysis.models.loading import split_revision

    if isinstance(models, (str, Path)):
        models = [models]
    revision = options.pop("revision", None)
    runs = [BatchOptions(model=model, revision=pinned, weights=weight,
                         decoder_tokens=decoder_tokens or "model", **options)
            for model, pinned in (split_revision(m, revision) for m in models)
            for weight in (("trained", "random-init") if weights == "both" else (weights,))]
    return _with_baseline_tokens(runs, out, choose=not decoder_tokens)


def _with_baseline_tokens(runs: list[BatchOptions], out: str | Path,
                          choose: bool) -> Iterator[BatchOptions]:
    for run in runs:
        if choose and run.weights == "random-init":
            trained = trained_run_folder(Path(out) / run.run, run)
            tokens = "trained" if (trained / "run.json").exists() else "transcription"
            run = replace(run, decoder_tokens=tokens)
        yield run


def check_batch_inputs(corpus: str | Path, models: Sequence[str | Path],
                       out: str | Path) -> Sequence[CorpusExample]:
    """What a batch checks before any run starts: each model folder and its weights, the
    output folder, and the corpus, opened once (its examples are returned)."""
    from analysis.atomic import check_can_create_folder
    from analysis.models.loading import check_model_folder, check_weights, split_revision

    for model in [models] if isinstance(models, (str, Path)) else models:
        model, _ = split_revision(model)
        check_model_folder(model)
        check_weights(model)
    check_can_create_folder(out)
    return open_examples(corpus)


def trained_run_folder(run_folder: Path, options: BatchOptions) -> Path:
    return Path(run_folder).parent / run_name(options.model, "trained", None)


def trained_decoder_ids(store: RunStore, options: BatchOptions, key: str) -> list[int]:
    """The decoder tokens the trained run of the same model used for this example."""
    from analysis.results import ScoreSet

    path = RunStore(trained_run_folder(store.root, options)).score_path(key)
    if not path.exists():
        raise MixScopeError("the trained run has no scores for this example (run the "
                            "trained weights first, or use --decoder-tokens transcription)")
    ids = ScoreSet.load(path).decoder_output_ids
    if not ids:
        raise MixScopeError(f"{path} has no decoder tokens")
    return ids


def _failed(store, key, base, stage, reason, started) -> dict:
    record = {**base, "status": "failed", "seconds": round(time.monotonic() - started, 3),
              "problems": [{"stage": stage, "component": "", "reason": reason}]}
    store.write_example(key, [], record)
    return record


def run_shard(corpus: str, run_folder: str | Path, options: BatchOptions,
              keys: Sequence[str] | None = None, progress: ProgressFn | None = None,
              scorer=None, examples=None) -> list[dict]:
    """Score the examples of ``corpus`` whose keys are given (default: every pending one)
    into ``run_folder``; the unit of work of the local and the Ray runners."""
    store = RunStore(run_folder)
    examples = list(open_examples(corpus) if examples is None else examples)
    if options.limit is not None:
        examples = examples[:options.limit]
    if keys is None:
        keys = pending_keys(examples, store, options.retry_failed)
    wanted = set(keys)
    todo = [e for e in examples if example_key(e.example_id) in wanted]
    if not todo:
        return []
    loaded = prepare_model(options)
    store.check_commit(loaded.info.get("commit_hash"))
    eta = Eta(len(todo))
    records = []
    for example in todo:
        if progress:
            progress(eta.done, len(todo), f"{example.example_id} ({eta.text()})")
        record = process_example(loaded, example, options, store, scorer)
        records.append(record)
        eta.step()
        if progress:
            reasons = "; ".join(p["reason"] for p in record.get("problems", []))
            phrase = f"{example.example_id}: {record['status']}" + (f" — {reasons}" if reasons else "")
            progress(eta.done, len(todo), f"{phrase} ({eta.text()})")
    return records


def pending_keys(examples: Sequence[CorpusExample], store: RunStore,
                 retry_failed: bool = False) -> list[str]:
    done = store.done_keys()
    if retry_failed:
        done = {k for k in done if store.record(k).get("status") in ("ok", "partial", "skipped")}
    return [example_key(e.example_id) for e in examples if example_key(e.example_id) not in done]


def check_unique_ids(examples: Sequence[CorpusExample]) -> None:
    seen: dict[str, str] = {}
    for example in examples:
        key = example_key(example.example_id)
        if key in seen:
            raise MixScopeError(f"two examples share the id {example.example_id!r}")
        seen[key] = example.example_id


def run_batch(corpus: str, out: str | Path, options: BatchOptions,
              progress: ProgressFn | None = None, scorer=None,
              shard_runner=None, examples=None) -> BatchSummary:
    """Score every pending example of ``corpus`` into ``out/<run>/``, then compact.

    ``shard_runner(corpus, run_folder, options, keys)`` runs the work elsewhere (cluster.py);
    by default it runs here, in this process. ``examples``: ``corpus`` already opened."""
    examples = list(open_examples(corpus) if examples is None else examples)
    if options.limit is not None:
        examples = examples[:options.limit]
    check_unique_ids(examples)
    store = RunStore(Path(out) / options.run)
    store.open(manifest(options, corpus))
    keys = pending_keys(examples, store, options.retry_failed)
    summary = BatchSummary(store.root, total=len(examples),
                           skipped_done=len(examples) - len(keys))
    started = time.monotonic()
    try:
        if keys and shard_runner is None:
            records = run_shard(corpus, store.root, options, keys, progress, scorer, examples)
        elif keys:
            records = shard_runner(corpus, store.root, options, keys)
        else:
            records = []
    finally:
        results = store.compact()
    summary.seconds = time.monotonic() - started
    summary.processed = len(records)
    for record in records:
        summary.status_counts[record["status"]] = summary.status_counts.get(record["status"], 0) + 1
    summary.failures = store.failures()
    summary.rows = len(results)
    return summary
