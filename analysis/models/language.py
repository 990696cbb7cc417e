"""Whisper's prompt per checkpoint: the one place that turns a language and a task into the
forced tokens after ``<|startoftranscript|>``.

Multilingual checkpoints get ``<|lang|><|task|><|notimestamps|>``; English-only ones
(``is_multilingual`` false, no ``lang_to_id``: the ``.en`` models) were trained with
``<|notimestamps|>`` alone, and a language or task token there degrades them. A language
may be a code ("fr") or an English name ("french"); an unknown one is refused with one line
for every checkpoint, and a language an English-only model cannot use is dropped with a note
so that provenance records what was really run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.errors import MixScopeError

TASKS = ("transcribe", "translate")
DEFAULT_LANGUAGE = "fr"  # METHODS.md: decoder tokens are generated in French by default
LANGUAGE_HELP = (f"Whisper language, a code or a name (default: {DEFAULT_LANGUAGE}; "
                 "English-only models take none and say so)")


@dataclass(frozen=True)
class WhisperPrompt:
    """The forced tokens after <|startoftranscript|> and what they mean."""

    ids: list[int]  # [language, task,] <|notimestamps|>
    language: str | None  # the code really used; None for an English-only model
    task: str | None  # None for an English-only model (it only transcribes)
    note: str | None = None  # what was asked for but could not be used, and why


def language_code(language: str) -> str:
    """"fr", "French", "<|fr|>" -> "fr"; anything Whisper does not know -> one clear line."""
    from transformers.models.whisper.tokenization_whisper import LANGUAGES, TO_LANGUAGE_CODE

    key = str(language).strip().lower().strip("<|>").strip()
    if key in LANGUAGES:
        return key
    if key in TO_LANGUAGE_CODE:
        return TO_LANGUAGE_CODE[key]
    raise MixScopeError(f"unknown language '{language}'; give a Whisper language code or "
                        "name, such as fr or french")


def is_multilingual(generation_config) -> bool:
    """True when the checkpoint takes language and task tokens (not a ``.en`` model)."""
    flag = getattr(generation_config, "is_multilingual", None)
    if flag is not None:
        return bool(flag)
    return bool(getattr(generation_config, "lang_to_id", None))


def whisper_prompt(loaded, language: str | None = DEFAULT_LANGUAGE,
                   task: str = "transcribe") -> WhisperPrompt:
    """The prompt ``loaded`` (a Whisper LoadedModel) is run with for ``language``/``task``."""
    generation = loaded.model.generation_config
    if task not in TASKS:
        raise MixScopeError(f"unknown task '{task}'; choose transcribe or translate")
    code = language_code(language) if language else None
    notimestamps = int(generation.no_timestamps_token_id)
    if not is_multilingual(generation):
        if task != "transcribe":
            raise MixScopeError(f"model '{loaded.source}' is English-only: it can transcribe "
                                "English but not translate")
        note = None
        if code is not None and code != "en":
            note = (f"model '{loaded.source}' is English-only: language '{language}' is not "
                    "used (its prompt has no language or task token)")
        return WhisperPrompt([notimestamps], None, None, note)
    lang_to_id = getattr(generation, "lang_to_id", None) or {}
    task_to_id = getattr(generation, "task_to_id", None) or {}
    ids = []
    if code is not None:
        if f"<|{code}|>" not in lang_to_id:
            raise MixScopeError(f"model '{loaded.source}' does not know the language '{language}'")
        ids.append(int(lang_to_id[f"<|{code}|>"]))
    if task not in task_to_id:
        raise MixScopeError(f"model '{loaded.source}' has no '{task}' task token")
    ids += [int(task_to_id[task]), notimestamps]
    return WhisperPrompt(ids, code, task)


def prompt_in_ids(loaded, ids: Sequence[int]) -> WhisperPrompt:
    """The language and task whose tokens lead decoder ids ``ids`` (given explicitly, or
    generated with the language detected by the model)."""
    generation = loaded.model.generation_config
    languages = {int(i): t.strip("<|>") for t, i in
                 (getattr(generation, "lang_to_id", None) or {}).items()}
    tasks = {int(i): t for t, i in (getattr(generation, "task_to_id", None) or {}).items()}
    specials = set(languages) | set(tasks) | {int(generation.no_timestamps_token_id)}
    lead = []
    for i in ids:
        if int(i) not in specials:
            break
        lead.append(int(i))
    language = next((languages[i] for i in lead if i in languages), None)
    task = next((tasks[i] for i in lead if i in tasks), None)
    return WhisperPrompt(lead, language, task)


def english_only(loaded) -> bool:
    """A Whisper checkpoint that takes no language or task token (a ``.en`` model)."""
    return loaded.is_whisper and not is_multilingual(loaded.model.generation_config)
