"""``batch``: score every annotated example of a corpus and store cue-contribution rows."""

from analysis.batch import WEIGHT_CHOICES
from analysis.commands.base import Command
from analysis.commands.model_options import (
    add_method_options,
    add_revision_option,
    chosen_components,
    chosen_methods,
)


def add_arguments(parser):
    parser.add_argument("--corpus", required=True,
                        help="corpus folder (metadata.jsonl), saved dataset, parquet, or hub id "
                             "(ID or ID:SPLIT); an 'alternative' column (another spelling of "
                             "the target) adds the contrast rows (curves --target contrast)")
    parser.add_argument("--model", required=True, action="append",
                        help="hub id (ID or ID@REVISION) or checkpoint folder (repeat for "
                             "several models)")
    add_revision_option(parser)
    parser.add_argument("--out", required=True, help="output folder (one sub-folder per run)")
    parser.add_argument("--weights", choices=WEIGHT_CHOICES,
                        default="trained",
                        help="the trained weights, the random-initialisation baseline, or both")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random-init weights")
    add_method_options(parser)
    parser.add_argument("--decoder-tokens", choices=("model", "transcription", "trained"),
                        default=None,
                        help="Whisper decoder tokens: 'model', its own transcription (default "
                             "for trained weights, as in the paper); 'transcription', the "
                             "corpus text teacher-forced; 'trained', the tokens the trained "
                             "run in OUT used (default for random-init weights when that run "
                             "exists, else 'transcription': a random model's own "
                             "transcription is noise)")
    parser.add_argument("--keep-prefix", action="store_true",
                        help="keep Whisper's prefix tokens in the decoder rows (the paper "
                             "drops them and renormalises)")
    parser.add_argument("--spans", choices=("reference", "half-open"), default="reference")
    parser.add_argument("--language", default="fr")
    parser.add_argument("--task", default="transcribe")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1, mps")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch CPU threads (default: every core)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N examples")
    parser.add_argument("--retry-failed", action="store_true",
                        help="score again the examples that failed in an earlier run")
    parser.add_argument("--ray", nargs="?", const="auto", default=None, metavar="ADDRESS",
                        help="run on a Ray cluster (pip install 'mixscope[cluster]'); "
                             "ADDRESS as for ray.init, 'auto' by default, 'local' for one "
                             "machine")
    parser.add_argument("--shards", type=int, default=None,
                        help="with --ray: number of tasks (default: one per worker GPU/CPU)")


def run(args) -> int:
    import sys

    from analysis.batch.runner import check_batch_inputs, planned_runs, run_batch
    from analysis.errors import MixScopeError
    from analysis.progress import ProgressBar

    runs = planned_runs(  # every option checked before anything runs
        args.model, args.weights, args.out, args.decoder_tokens, seed=args.seed,
        revision=args.revision, methods=chosen_methods(args),
        components=chosen_components(args), spans=args.spans,
        language=args.language, task=args.task, drop_prefix=not args.keep_prefix,
        device=args.device, threads=args.threads, retry_failed=args.retry_failed,
        limit=args.limit)
    if args.shards is not None and args.shards < 1:
        raise MixScopeError(f"--shards must be at least 1, not {args.shards}")
    examples = check_batch_inputs(args.corpus, args.model, args.out)  # a bad corpus stops here
    shard_runner = None
    if args.ray:
        from analysis.batch.cluster import ray_shard_runner

        shard_runner = ray_shard_runner(args.ray, args.shards)
    for options in runs:
        if not args.quiet:
            pinned = f"@{options.revision}" if options.revision else ""
            print(f"run {options.run}: {options.model}{pinned} ({options.weights} weights, "
                  f"decoder tokens: {options.decoder_tokens})", file=sys.stderr)
        with ProgressBar("example", lines=True, quiet=getattr(args, "quiet", False)) as progress:
            summary = run_batch(args.corpus, args.out, options, progress, None, shard_runner,
                                examples)
        _report(summary)
    return 0


def _report(summary) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.status_counts.items()))
    print(f"{summary.run_folder}: {summary.total} examples, {summary.skipped_done} already done, "
          f"{summary.processed} scored now ({counts or 'none'}) in {summary.seconds:.1f} s"
          + (f" ({summary.examples_per_minute:.1f} examples/min)" if summary.processed else ""))
    print(f"  {summary.rows} rows in {summary.results_path}")
    if summary.failures:
        print(f"  {len(summary.failures)} problems (also in {summary.run_folder / 'failures.csv'}):")
        for failure in summary.failures:
            component = f" [{failure['component']}]" if failure.get("component") else ""
            print(f"    {failure['example_id']}: {failure['status']} at {failure['stage']}"
                  f"{component}: {failure['reason']}")


COMMAND = Command(
    name="batch",
    help="score a whole corpus: cue-contribution rows per example, component, method, layer",
    add_arguments=add_arguments,
    handler="analysis.commands.batch:run",
)
