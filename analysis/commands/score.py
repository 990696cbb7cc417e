"""``score``: context-mixing scores of one utterance, headless, to .npz (+ CSV). Method and
component names come from the registries in analysis.methods."""

from analysis.commands.base import Command
from analysis.commands.model_options import (
    add_method_options,
    add_revision_option,
    chosen_components,
    chosen_methods,
)
from analysis.models.language import DEFAULT_LANGUAGE, LANGUAGE_HELP


def add_arguments(parser):
    parser.add_argument("--model", required=True, metavar="ID_OR_DIR",
                        help="hub id (e.g. openai/whisper-base) or checkpoint folder")
    add_revision_option(parser)
    from analysis.file_formats import ALIGNMENT_FORMATS, AUDIO_FORMATS, describe, titles

    parser.add_argument("--audio", required=True, metavar="FILE",
                        help=f"audio file ({titles(AUDIO_FORMATS)})")
    parser.add_argument("--alignment", required=True, metavar="FILE",
                        help=f"alignment ({describe(ALIGNMENT_FORMATS, every=True)}); of a "
                             "TextGrid, tier 'words', else the first interval tier")
    parser.add_argument("--out", required=True, metavar="OUT.npz", help="where to write scores")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write a long-format CSV")
    add_method_options(parser)
    tokens = parser.add_mutually_exclusive_group()
    tokens.add_argument("--text", help="teacher-force this transcription instead of the "
                                       "model's own (Whisper)")
    tokens.add_argument("--decoder-ids", metavar="IDS",
                        help="explicit decoder token ids, comma- or space-separated (Whisper)")
    parser.add_argument("--target", metavar="WORD",
                        help="the target word (a word of the tier): with occlusion among the "
                             "methods, the faithfulness of every measure on its row is stored")
    parser.add_argument("--alternative", metavar="SPELLING",
                        help="another spelling of the target (e.g. mange for mangent): the "
                             "contrastive log p(target) - log p(alternative) and its drop per "
                             "blanked word (Whisper; needs --target)")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, help=LANGUAGE_HELP)
    parser.add_argument("--task", default="transcribe", choices=("transcribe", "translate"))
    parser.add_argument("--spans", default="reference", choices=("reference", "half-open"),
                        help="word spans in encoder frames (default: reference, as published)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"))
    parser.add_argument("--dtype", default="float32",
                        choices=("float32", "float16", "bfloat16", "float64"))


def run(args) -> int:
    import sys
    import time

    from analysis.atomic import check_can_write
    from analysis.pipeline import parse_decoder_ids, score_utterance
    from analysis.progress import ProgressBar

    methods = chosen_methods(args) if args.methods else None
    components = chosen_components(args)
    decoder_ids = parse_decoder_ids(args.decoder_ids)
    for path in (args.out, args.csv):  # before any long work
        if path:
            check_can_write(path)
    began = time.perf_counter()
    with ProgressBar("step", quiet=getattr(args, "quiet", False)) as bar:
        result = score_utterance(args.model, args.audio, args.alignment, methods=methods,
                                 components=components, text=args.text,
                                 decoder_ids=decoder_ids, language=args.language,
                                 task=args.task, spans=args.spans, device=args.device,
                                 dtype=args.dtype, revision=args.revision, target=args.target,
                                 alternative=args.alternative, progress=bar)
    if result.provenance.note:
        print(f"note: {result.provenance.note}", file=sys.stderr)
    out = result.save(args.out)
    csv = result.to_csv(args.csv) if args.csv else None
    _summary(result, out, csv, time.perf_counter() - began)
    return 0


def whole_tokens(labels, separator="", width=70):
    """The token labels joined, cut before the first token that would pass ``width``."""
    text = ""
    for count, label in enumerate(labels):
        joined = label if count == 0 else text + separator + label
        if len(joined) > width:
            return text + " …"
        text = joined
    return text


def _summary(result, out, csv, seconds):
    meta = result.provenance
    words = [w.label for w in result.words]
    lines = [
        f"model       {meta.model} ({meta.model_type}, {meta.dtype}, {meta.device})",
        f"audio       {meta.audio_file} ({meta.audio_seconds:.2f} s)",
        f"words       {len(words)}: {' '.join(words)[:70]}",
    ]
    if result.decoder_output_ids:
        labels = result.row_labels.get("decoder") or result.row_labels.get("cross") or []
        separator = " " if all(label.isdigit() for label in labels) else ""  # no tokenizer
        lines.append(f"tokens      {len(result.decoder_output_ids)} "
                     f"({meta.decoder_tokens_from}): {whole_tokens(labels, separator)}")
        lines.append(f"prompt      language {meta.language or 'none'}, "
                     f"task {meta.task or 'none'}")
    layers = ", ".join(f"{c} {result.get(c, result.methods(c)[0]).shape[0]}"
                       for c in result.components())
    lines += [
        f"layers      {layers}",
        f"methods     {', '.join(meta.methods)} ({meta.spans} spans)",
        f"time        {seconds:.1f} s (scoring {meta.seconds:.1f} s)",
        f"scores      {out}",
    ]
    if csv is not None:
        lines.append(f"csv         {csv}")
    lines += _faithfulness_summary(result)
    print("\n".join(lines))


def _faithfulness_summary(result) -> list[str]:
    """One line per score: Spearman with occlusion on the target's row, per layer."""
    import numpy as np

    if not result.faithfulness:
        return []
    target = result.words[result.provenance.target].label
    lines = [f"faithfulness  Spearman with occlusion, row of '{target}', per layer:"]
    for key, values in sorted(result.faithfulness.items(),
                              key=lambda kv: -np.nan_to_num(np.nanmax(kv[1]), nan=-2)
                              if not np.all(np.isnan(kv[1])) else 2):
        shown = " ".join("  nan" if np.isnan(v) else f"{v:+.2f}" for v in values)
        lines.append(f"  {key:<34} {shown}")
    return lines


COMMAND = Command(
    name="score",
    help="compute context-mixing scores of one utterance (.npz, optional CSV)",
    add_arguments=add_arguments,
    handler="analysis.commands.score:run",
)
