"""One alignment run in the background: load the model when the aligner needs one (kept
for the next run), align, refine, report progress; the result or the error comes back to the GUI thread by signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from superqt.utils import create_worker

from analysis.errors import MixScopeError

ALIGNER_NAMES = {"ctc": "CTC", "whisper": "Whisper"}  # the aligners that need a model


class CancelFlag:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class AlignJob(QObject):
    """``start(audio, options)``; emits ``progress(done, total, phrase)``, then ``finished``
    with an ``AutoAlignment`` or ``failed`` with a message (``cancelled`` when cancelled)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loaded = None  # (source, LoadedModel) of the last run
        self._worker = None
        self._flag = None

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, audio, options) -> None:
        if self._worker is not None:
            raise RuntimeError("an alignment is already running")
        self._flag = CancelFlag()
        worker = create_worker(self._run, audio, options, self._flag, _start_thread=False,
                               _connect={"returned": self._returned, "errored": self._errored})
        self._worker = worker
        worker.start()

    def cancel(self) -> None:
        if self._flag is not None:
            self._flag.cancel()

    # -- in the worker thread -------------------------------------------------------------
    def _run(self, audio, options, flag):
        from analysis.autoalign import align_words
        from analysis.models.loading import load_model

        loaded = None
        if options.aligner in ALIGNER_NAMES:
            self.progress.emit(0, 0, f"loading {options.model}")
            cached = self._loaded
            if cached is not None and cached[0] == options.model:
                loaded = cached[1]
            else:
                loaded = load_model(options.model)
                self._loaded = (options.model, loaded)
            if loaded.kind != options.aligner:
                raise MixScopeError(
                    f"model '{options.model}' is a {ALIGNER_NAMES[loaded.kind]} model; choose "
                    f"the {ALIGNER_NAMES[loaded.kind]} aligner for it")
        waveform = audio.for_model()
        return align_words(loaded, waveform, options.text, language=options.language,
                           progress=lambda d, t, phrase: self.progress.emit(d, t, phrase),
                           cancel=flag, refine=options.refine)

    # -- back in the GUI thread -----------------------------------------------------------
    def _returned(self, result) -> None:
        self._worker = None
        self.finished.emit(result)

    def _errored(self, err) -> None:
        from analysis.autoalign import Cancelled

        self._worker = None
        if isinstance(err, Cancelled):
            self.cancelled.emit()
        elif isinstance(err, MixScopeError):
            self.failed.emit(str(err))
        else:
            self.failed.emit(f"{type(err).__name__}: {err}")
