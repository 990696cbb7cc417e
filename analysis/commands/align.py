"""``align``: propose a word tier for an audio file and its transcription.

    python main.py align --audio FILE --text "..." --out FILE.TextGrid            # Praat
    python main.py align --model ID_OR_DIR --audio FILE --text "..." --out FILE.TextGrid

Without a model the aligner is Praat's eSpeak aligner (words and phonemes, no download);
with one it follows the model: CTC forced alignment for a wav2vec2-family CTC model, cross-
attention word timestamps for a Whisper model. The boundaries are then refined on the
recording's pauses (``--no-refine`` keeps the aligner's own). Prints one line per word
(start, end, confidence, "review" when below the threshold), what the refinement moved, and
the words it could not align. The TextGrid has a "words" tier, a "phones" tier when the
aligner gives phonemes, and, when some words need checking, a "review" point tier.
"""

from analysis.commands.base import Command
from analysis.commands.model_options import add_revision_option
from analysis.models.language import DEFAULT_LANGUAGE, LANGUAGE_HELP


def add_arguments(parser):
    from analysis.autoalign import BACKENDS
    from analysis.file_formats import ALIGNMENT_FORMATS, AUDIO_FORMATS, describe, titles

    parser.add_argument("--backend", choices=list(BACKENDS),
                        help="praat (the default without --model), ctc or whisper (the "
                             "default follows the model)")
    parser.add_argument("--model", help="hub id or folder of a CTC or Whisper model")
    add_revision_option(parser)
    parser.add_argument("--audio", required=True,
                        help=f"audio file to align ({titles(AUDIO_FORMATS)})")
    text = parser.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the transcription")
    text.add_argument("--text-file", help="a UTF-8 file holding the transcription")
    parser.add_argument("--out", required=True,
                        help="the alignment to write; its extension picks the format "
                        f"({describe(ALIGNMENT_FORMATS)})")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE,
                        help=f"{LANGUAGE_HELP}; for --backend praat, eSpeak's language")
    parser.add_argument("--window", type=float, default=15.0,
                        help="CTC: seconds of audio per model window (default: 15)")
    parser.add_argument("--review-below", type=float, default=0.5,
                        help="confidence under which a word is marked for review (default: 0.5)")
    parser.add_argument("--no-refine", action="store_true",
                        help="keep the aligner's boundaries (no pause-aware refinement)")
    parser.add_argument("--device", default="auto", help="cpu, cuda, mps or auto")


def run(args) -> int:
    import math
    import sys
    from pathlib import Path

    from analysis.alignment import Annotation
    from analysis.alignment.io import write_alignment
    from analysis.atomic import check_can_write
    from analysis.errors import MixScopeError
    from analysis.pipeline import align_utterance, alignment_grid, as_audio, check_align_request

    if args.text_file is not None:
        try:
            text = Path(args.text_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise MixScopeError(f"cannot read text file {args.text_file}: {err}") from err
    else:
        text = args.text
    check_align_request(text, args.window, args.model, args.backend)  # before any long work
    if not math.isfinite(args.review_below):
        raise MixScopeError(f"--review-below must be a number, not {args.review_below}")
    check_can_write(args.out)
    audio = as_audio(args.audio)
    result = align_utterance(args.model, audio, text, backend=args.backend,
                             language=args.language, window=args.window,
                             refine=not args.no_refine, device=args.device,
                             revision=args.revision)
    grid = alignment_grid(result, audio.duration, args.review_below)
    write_alignment(args.out, grid,
                    Annotation(transcription=" ".join(text.split())))
    for word in result.words:
        flag = "  review" if word.confidence < args.review_below else ""
        print(f"{word.start:9.3f} {word.end:9.3f} {word.confidence:6.3f}  {word.label}{flag}")
    if result.refinement is not None:
        print(result.refinement.summary())
    for word in result.unaligned:
        print(f"not aligned: {word.label!r} (word {word.index + 1}): {word.reason}",
              file=sys.stderr)
    for note in result.notes if not args.quiet else ():
        print(f"note: {note}", file=sys.stderr)
    phones = f", {len(result.phones)} phonemes" if result.phones else ""
    print(f"wrote {args.out} ({len(result.words)} words{phones}, {result.aligner} aligner; "
          f"confidence = {result.scoring})")
    return 0


COMMAND = Command(
    name="align",
    help="propose word boundaries for an audio file and its transcription (Praat, CTC or "
         "Whisper)",
    add_arguments=add_arguments,
    handler="analysis.commands.align:run",
)
