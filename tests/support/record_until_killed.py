"""Child process for the crash test: records from the default input into the store folder
given as argv[1] and prints the frames kept after every timer tick until it is killed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from analysis.recording.devices import default_input_device  # noqa: E402
from analysis.recording.session import RecordingSettings  # noqa: E402
from analysis.recording.store import RecoveryStore  # noqa: E402
from gui.recording.recorder import Recorder  # noqa: E402


def main() -> None:
    app = QCoreApplication(sys.argv[:1])
    recorder = Recorder(RecoveryStore(sys.argv[1]))
    recorder.elapsed.connect(lambda _: print(recorder.session.frames, flush=True))
    recorder.start(RecordingSettings(default_input_device()))
    print("started", recorder.session.recording.wav_path, flush=True)
    app.exec()


if __name__ == "__main__":
    main()
