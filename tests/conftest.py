"""Test harness: offscreen Qt, no network, tiny random-weight models, synthetic audio, a
virtual microphone, and a guard that fails tests leaking running QThreads or open windows."""

from __future__ import annotations

import os

# Before anything imports Qt or the Hugging Face libraries.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import ipaddress  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from tests.support import qt_guard  # noqa: E402
from tests.support.microphone import VirtualMicrophone  # noqa: E402

# -- no network -----------------------------------------------------------------------------
_real_connect = socket.socket.connect


class NetworkAccessInTests(RuntimeError):
    pass


def _guarded_connect(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise NetworkAccessInTests(f"a test tried to reach the network: {address!r}")
    return _real_connect(sock, address)


socket.socket.connect = _guarded_connect


# -- Qt leak guard ---------------------------------------------------------------------------
qt_guard.track_qthreads()  # from the start, so threads started by any test are seen
qt_guard.answer_modal_dialogs()  # a forgotten modal dialog fails its test instead of hanging
# Tests never read or write the user's settings or autosaves.
qt_guard.isolate_settings()


def _qt_loaded() -> bool:
    return "PySide6.QtWidgets" in sys.modules


@pytest.fixture(autouse=True)
def no_leaked_qt_threads_or_windows(request):
    """Fails a test that leaves a QThread running, a top-level window open or a modal
    dialog unanswered.

    Autouse fixtures are set up first and torn down last, so this checks after pytest-qt
    has closed the widgets registered with ``qtbot.addWidget``."""
    before = qt_guard.visible_windows() if _qt_loaded() else set()
    yield
    if not _qt_loaded():
        return
    qt_guard.collect_garbage()
    problems = qt_guard.find_leaks(before)
    if problems:
        pytest.fail(f"{request.node.nodeid} leaked: " + "; ".join(problems))


@pytest.fixture(autouse=True)
def failing_event_callbacks_fail_the_test(request):
    """Events isolate a failing callback (it is only logged in the app); in tests it must
    still fail the test, unless the test is marked ``callback_errors``."""
    from gui.state import events

    failures: list[str] = []

    def record(callback, error):
        failures.append(f"{getattr(callback, '__qualname__', callback)}: {error!r}")
        previous(callback, error)

    previous = events.set_error_hook(record)
    yield
    events.set_error_hook(previous)
    if failures and request.node.get_closest_marker("callback_errors") is None:
        pytest.fail("event callback(s) failed: " + "; ".join(failures))


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test starts from the default preferences: a window closed by one test saves its
    geometry and dock layout, which must not reach the next."""
    yield
    if _qt_loaded():
        from gui import settings

        settings.reset()


# -- user data -----------------------------------------------------------------------------
@pytest.fixture(autouse=True, scope="session")
def private_user_data_folder(tmp_path_factory):
    """Per-user data (unfinished recordings, ...) goes to a temporary folder, never to the
    developer's own: analysis.recording.store honours $XDG_DATA_HOME on every platform."""
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("user-data"))
    yield
    if old is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = old


# -- tiny models -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def tiny_whisper_dir(tmp_path_factory):
    """A random-weight Whisper checkpoint (d_model 64, 2+2 layers, 4 heads) with a working
    tokenizer, feature extractor and generation config, saved like a hub checkpoint."""
    from tests.support.models import save_whisper

    return save_whisper(tmp_path_factory.mktemp("tiny-whisper"))


@pytest.fixture(scope="session")
def tiny_ctc_dir(tmp_path_factory):
    """A random-weight post-layer-norm wav2vec2 CTC checkpoint with a French character vocab."""
    from tests.support.models import save_wav2vec2_ctc

    return save_wav2vec2_ctc(tmp_path_factory.mktemp("tiny-wav2vec2"))


@pytest.fixture(scope="session")
def tiny_ctc_stable_dir(tmp_path_factory):
    """The stable-layer-norm (XLSR-53-like) variant of ``tiny_ctc_dir``."""
    from tests.support.models import save_wav2vec2_ctc

    return save_wav2vec2_ctc(tmp_path_factory.mktemp("tiny-xlsr"), stable_layer_norm=True)


# -- audio -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def french_words():
    """"Ils mangent des pommes" synthesized word by word: waveform and exact word times."""
    from tests.support.audio import espeak_available, espeak_words

    if not espeak_available():
        _missing_system_dependency("espeak-ng")
    return espeak_words(["ils", "mangent", "des", "pommes"])


def _missing_system_dependency(name: str) -> None:
    message = f"{name} is not installed (make test installs it as root; see README)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def virtual_microphone(tmp_path):
    """The default ALSA capture device plays what ``mic.feed(int16 samples)`` was given."""
    from analysis.environment import portaudio_status

    available, message = portaudio_status()
    if not available:
        _missing_system_dependency(f"PortAudio ({message})")
    with VirtualMicrophone(tmp_path / "alsa-home") as mic:
        yield mic


@pytest.fixture
def realtime_microphone(tmp_path):
    """Like ``virtual_microphone`` but the capture runs at 16 kHz mono real time (see
    tests/support/realtime_microphone.py for why the plain one does not)."""
    from analysis.environment import portaudio_status
    from tests.support.realtime_microphone import RealtimeMicrophone

    available, message = portaudio_status()
    if not available:
        _missing_system_dependency(f"PortAudio ({message})")
    with RealtimeMicrophone(tmp_path / "alsa-home") as mic:
        yield mic


@pytest.fixture
def main_window(qtbot):
    """A shown MainWindow, closed by pytest-qt after the test."""
    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    return win
