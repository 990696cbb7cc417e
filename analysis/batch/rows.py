"""The rows one scored example adds to a batch run's results table (store.RESULTS_SCHEMA):
cue contribution per component x method x target x layer, faithfulness per layer, and the
contrastive-homophone quantities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.faithfulness import ROLE as FAITHFULNESS_ROLE

if TYPE_CHECKING:
    from analysis.batch.examples import CorpusExample
    from analysis.batch.runner import BatchOptions


def cue_rows(scores, example: CorpusExample, options: BatchOptions, tokenizer=None):
    """Cue-contribution rows (one per component x method x target x layer) and problems;
    with occlusion among the methods, faithfulness rows too (target_role "faithfulness",
    value = Spearman with occlusion on the target's row), and with an alternative spelling
    of the target, contrast rows (``contrast_rows``), so that curves plot them."""
    from analysis.cue import cue_contributions

    rows, problems = [], []
    common = {"run": options.run, "model": options.model,
              "model_revision": scores.provenance.revision, "weights": options.weights,
              "seed": options.random_seed,
              "example_id": example.example_id, "cue_word": example.cue_word}
    for key, values in scores.faithfulness.items():
        component, method = key.split(".", 1)
        rows += [{**common, "component": component, "method": method,
                  "target_role": FAITHFULNESS_ROLE, "target_word": example.target_word,
                  "layer": layer, "n_layers": len(values), "depth": layer / len(values),
                  "value": float(value)} for layer, value in enumerate(values, 1)]
    rows += contrast_rows(scores, example, common)
    for role, target in example.targets():
        result = cue_contributions(scores, example.cue_word, target, tokenizer=tokenizer,
                                   drop_prefix=options.drop_prefix)
        for component, reason in result.problems.items():
            problems.append({"stage": f"cue:{role}", "component": component, "reason": reason})
        for (component, method), values in result.values.items():
            n_layers = len(values)
            for layer, value in enumerate(values, 1):
                rows.append({
                    **common, "component": component, "method": method,
                    "target_role": role, "target_word": target,
                    "layer": layer, "n_layers": n_layers, "depth": layer / n_layers,
                    "value": float(value),
                })
    return rows, problems


def contrast_rows(scores, example: CorpusExample, common: dict) -> list[dict]:
    """With an alternative spelling of the target (Whisper), one row per quantity of
    ``analysis.contrastive.QUANTITIES`` (target_role, component and method "contrast",
    "cross", "contrast"); the row's layer is the quantity's 1-based position there."""
    from analysis.contrastive import QUANTITIES, contrast_summary
    from analysis.contrastive import ROLE as CONTRAST_ROLE
    from analysis.score_table import CONTRAST_COMPONENT, CONTRAST_METHOD
    from analysis.token_labels import find_word

    if not len(scores.contrast):
        return []
    provenance = scores.provenance
    summary = contrast_summary(provenance.contrast_original, scores.contrast, provenance.target,
                               find_word(scores.words, example.cue_word))
    count = len(QUANTITIES)
    return [{**common, "component": CONTRAST_COMPONENT, "method": CONTRAST_METHOD,
             "target_role": CONTRAST_ROLE, "target_word": example.target_word,
             "layer": position, "n_layers": count, "depth": position / count,
             "value": summary[name]} for position, name in enumerate(QUANTITIES, 1)]
