"""One alignment run in the background (a ``gui.workers`` job): load the model when the
aligner needs one (kept for the next run), align, refine, report progress; the result or the
error comes back to the GUI thread by signals."""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtCore import QObject, Signal

from analysis.errors import MixScopeError
from gui.workers import error_message

ALIGNER_NAMES = {"ctc": "CTC", "whisper": "Whisper"}  # the aligners that need a model


class AlignJob(QObject):
    """``start(audio, options)``; emits ``progress(done, total, phrase)``, then ``finished``
    with an ``AutoAlignment`` or ``failed`` with a message (``cancelled`` when cancelled)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, jobs, models=None, parent=None) -> None:
        super().__init__(parent)
        self._jobs = jobs  # gui.workers.JobRunner
        self._loaded = None  # (source, LoadedModel) of the last run
        self._models = models  # gui.state.loaded_models.LoadedModels: models already loaded
        self._job = None  # the gui.workers.Job running

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, audio, options) -> None:
        if self._job is not None:
            raise RuntimeError("an alignment is already running")
        job = self._jobs.start(lambda progress, cancel: self._run(audio, options, progress,
                                                                  cancel), "align")
        job.progress.connect(self.progress)
        job.succeeded.connect(self._returned)
        job.failed.connect(lambda err, _trace: self._errored(err))
        job.cancelled.connect(self._cancelled)
        self._job = job

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    # -- in the worker thread -------------------------------------------------------------
    def _run(self, audio, options, progress, cancel):
        from analysis.autoalign import align_words
        from analysis.models.loading import load_model

        loaded = None
        if options.aligner in ALIGNER_NAMES:
            cached = self._loaded
            shared = self._models.get(options.model) if self._models is not None else None
            if shared is not None:
                loaded = shared
            elif cached is not None and cached[0] == options.model:
                loaded = cached[1]
            else:
                progress(0, 0, f"loading {options.model}")
                loaded = load_model(options.model)
                self._loaded = (options.model, loaded)
            if loaded.kind != options.aligner:
                raise MixScopeError(
                    f"model '{options.model}' is a {ALIGNER_NAMES[loaded.kind]} model; choose "
                    f"the {ALIGNER_NAMES[loaded.kind]} aligner for it")
        waveform = audio.for_model()
        with loaded.lock if loaded is not None else nullcontext():  # scoring may share it
            return align_words(loaded, waveform, options.text, language=options.language,
                               progress=progress, cancel=cancel, refine=options.refine)

    # -- back in the GUI thread -----------------------------------------------------------
    def _returned(self, result) -> None:
        self._job = None
        self.finished.emit(result)

    def _cancelled(self) -> None:
        self._job = None
        self.cancelled.emit()

    def _errored(self, err) -> None:
        self._job = None
        self.failed.emit(error_message(err))
