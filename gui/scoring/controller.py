"""Model loading, transcription and scoring runs, each a background Job; results come back
to the document by signals. Holds the loaded model and the one run in flight."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from analysis.errors import MixScopeError
from analysis.methods import DEFAULT_METHODS
from analysis.models.language import DEFAULT_LANGUAGE
from gui.workers import Job, error_message


@dataclass(frozen=True)
class ScoreOptions:
    """What a Score run uses besides the document: Whisper's language and task, and where the
    decoder tokens come from ("transcription": the model's own; "reference": the
    document's transcription text)."""

    language: str | None = DEFAULT_LANGUAGE  # None: an English-only model takes none
    task: str = "transcribe"
    decoder_source: str = "transcription"
    methods: tuple[str, ...] = DEFAULT_METHODS
    alternative: str = ""  # another spelling of the target word (contrastive; Whisper)


class ScoringController(QObject):
    model_loading = Signal(str)  # source
    model_loaded = Signal(object)  # LoadedModel
    model_failed = Signal(str)  # message
    transcribed = Signal(str)  # text
    score_started = Signal()
    score_progress = Signal(int, int, str)
    score_finished = Signal(object)  # ScoreSet (already set on the document)
    score_failed = Signal(str)
    score_cancelled = Signal()
    busy_changed = Signal(bool)  # a score run started or ended

    def __init__(self, documents, jobs, parent: QObject | None = None):
        """``documents``: the gui.services.DocumentHolder whose current document is scored;
        ``jobs``: the gui.workers.JobRunner that runs loading, transcription and scoring."""
        super().__init__(parent or documents)
        self.documents = documents
        self.jobs = jobs
        self.loaded = None  # analysis.models.loading.LoadedModel
        self.options = ScoreOptions()
        self._load_job: Job | None = None
        self._transcribe_job: Job | None = None
        self._score_job: Job | None = None
        self._score_document = None

    # -- models ----------------------------------------------------------------------------
    def load_model(self, source: str, device: str = "auto", revision: str | None = None) -> Job:
        """Load ``source`` (hub id, ``ID@REVISION`` or folder; ``revision``: a hub branch,
        tag or commit) in the background; the old model stays usable until the new one is
        ready."""
        source = str(source).strip()
        if not source:
            raise MixScopeError("give a model: a Hugging Face id or a local folder")

        def job(progress, cancel):
            from analysis.models.loading import load_model

            progress(0, 1, f"loading {source}")
            try:
                return load_model(source, device=device, revision=revision or None)
            except MixScopeError as err:
                raise MixScopeError(explain_load_error(source, str(err))) from err
            except OSError as err:
                raise MixScopeError(explain_load_error(source, str(err))) from err

        self._load_job = self._start(job, "load-model", self._model_ready, self.model_failed.emit)
        self.model_loading.emit(source)
        return self._load_job

    def is_loading(self) -> bool:
        return self._load_job is not None and self._load_job.is_running()

    def _model_ready(self, loaded) -> None:
        self.loaded = loaded
        self.model_loaded.emit(loaded)
        self.transcribe()

    def transcribe(self) -> Job | None:
        """Transcribe the document's audio with the loaded model (shown in the model panel)."""
        document = self.documents.document
        if self.loaded is None or document is None or document.audio is None:
            return None
        loaded, waveform, options = self.loaded, document.audio.for_model(), self.options

        def job(progress, cancel):
            from analysis.models.transcription import transcribe

            language = options.language if loaded.kind == "whisper" else None
            return transcribe(loaded, waveform, language=language, task=options.task).text

        self._transcribe_job = self._start(job, "transcribe", self.transcribed.emit,
                                           lambda m: self.transcribed.emit(f"({m})"))
        return self._transcribe_job

    # -- scoring ---------------------------------------------------------------------------
    def can_score(self) -> str | None:
        """None when Score can run, else why not (shown to the user)."""
        document = self.documents.document
        if self.loaded is None:
            return "Load a model first (Model panel)."
        if document is None or document.audio is None:
            return "Open an audio file first."
        if not document_words(document):
            return "The word tier has no labelled words to score."
        if self.is_scoring():
            return "A scoring run is already in progress."
        return None

    def score(self) -> Job:
        """Score the current document in the background; the result replaces its scores."""
        reason = self.can_score()
        if reason:
            raise MixScopeError(reason)
        document = self.documents.document
        loaded, options = self.loaded, self.options
        waveform = document.audio.for_model()
        words = document_words(document)
        decoder_text = None
        if loaded.kind == "whisper" and options.decoder_source == "reference":
            decoder_text = (document.annotation.transcription or "").strip()
            if not decoder_text:
                raise MixScopeError("the document has no reference transcription to use as "
                                    "decoder tokens: type it in the Model panel or choose "
                                    "the model's transcription")
        from analysis.token_labels import find_word

        target = find_word(words, document.annotation.target_word)
        alternative = options.alternative.strip() or None
        if alternative and (loaded.kind != "whisper" or target is None):
            raise MixScopeError("an alternative spelling needs a Whisper model and a target "
                                "word of the word tier (Model panel)")

        def job(progress, cancel):
            from analysis.cancel import raise_if_cancelled
            from analysis.scoring import score

            # one forward pass on a model at a time (LoadedModel.lock); wait cancellably
            while not loaded.lock.acquire(timeout=0.05):
                raise_if_cancelled(cancel, "scoring")
                progress(0, 1, "waiting for the transcription to finish")
            kwargs = {}
            if loaded.kind == "whisper":
                kwargs = {"language": options.language, "task": options.task,
                          "decoder_text": decoder_text, "alternative": alternative}
            try:
                return score(loaded, waveform, words, methods=options.methods,
                             progress=progress, cancel=cancel, target=target, **kwargs)
            finally:
                loaded.lock.release()

        self._score_document = document
        self._score_job = self._start(job, "score", self._score_ready, self._score_failed)
        self._score_job.progress.connect(self.score_progress)
        self._score_job.cancelled.connect(self._score_cancelled)
        self.score_started.emit()
        self.busy_changed.emit(True)
        return self._score_job

    def is_scoring(self) -> bool:
        return self._score_job is not None and self._score_job.is_running()

    def cancel(self) -> None:
        if self.is_scoring():
            self._score_job.cancel()

    def _score_ready(self, scoreset) -> None:
        document, self._score_document = self._score_document, None
        self.busy_changed.emit(False)
        if document is not None and document is self.documents.document:
            document.set_results(scoreset)  # unsaved until the document is saved
        self.score_finished.emit(scoreset)

    def _score_failed(self, message: str) -> None:
        self._score_document = None
        self.busy_changed.emit(False)
        self.score_failed.emit(message)

    def _score_cancelled(self) -> None:
        self._score_document = None
        self.busy_changed.emit(False)
        self.score_cancelled.emit()

    # -- jobs ------------------------------------------------------------------------------
    def _start(self, fn, name, on_success, on_failure) -> Job:
        job = self.jobs.start(fn, name)
        job.succeeded.connect(on_success)
        job.failed.connect(lambda err, _trace: on_failure(error_message(err)))
        return job


def document_words(document) -> list:
    """The labelled words of the document's word tier (empty if it has none)."""
    from analysis.alignment.model import tier_to_words

    try:
        return tier_to_words(document.grid.word_tier())
    except MixScopeError:
        return []


def explain_load_error(source: str, message: str) -> str:
    """Turn a loading failure into advice: offline hub, unknown id, or a bad folder."""
    lowered = message.lower()
    if Path(source).expanduser().exists():
        return f"cannot load the model folder {source}: {message}"
    if any(word in lowered for word in ("offline", "connect", "network", "resolve", "internet",
                                        "cannot find the requested files", "local_files_only")):
        return (f"cannot load '{source}': the Hugging Face hub cannot be reached (offline?) "
                "and the model is not in the local cache. Connect once to download it, or "
                "choose a local model folder.")
    if any(word in lowered for word in ("not a valid model identifier", "repository not found",
                                        "404", "does not appear to have", "is not a local folder")):
        return (f"'{source}' is neither a model on the Hugging Face hub nor a local folder: "
                "check the id (e.g. openai/whisper-base) or the path.")
    return message
