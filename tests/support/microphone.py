"""A virtual microphone: ALSA's ``file`` plugin plays a raw PCM file into the default capture
device, so recording tests run through the real sounddevice + PortAudio + ALSA stack.

PortAudio reads the ALSA configuration when it initialises, so the fixture writes an
``.asoundrc`` into a temporary HOME and re-initialises PortAudio; on exit it restores both.
The recording starts at the first sample of the file: measured latency offset 0 samples.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

ASOUNDRC = """pcm.!default {{
    type asym
    playback.pcm "null"
    capture.pcm {{
        type file
        slave.pcm "null"
        file "/dev/null"
        infile "{infile}"
        format "raw"
    }}
}}
"""


class VirtualMicrophone:
    """Feeds ``samples`` (int16, interleaved when 2-D) to whoever opens the default input."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.raw_file = self.home / "microphone.raw"
        self._old_home = None

    def feed(self, samples: np.ndarray) -> None:
        samples = np.asarray(samples)
        if samples.dtype != np.int16:
            raise TypeError("the virtual microphone plays int16 PCM")
        samples.astype("<i2").tofile(self.raw_file)

    def __enter__(self) -> VirtualMicrophone:
        (self.home / ".asoundrc").write_text(ASOUNDRC.format(infile=self.raw_file))
        if not self.raw_file.exists():
            self.feed(np.zeros(16000, np.int16))
        self._old_home = os.environ.get("HOME")
        os.environ["HOME"] = str(self.home)
        _reinitialise_portaudio()
        return self

    def __exit__(self, *exc) -> None:
        if self._old_home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = self._old_home
        _reinitialise_portaudio()


def _reinitialise_portaudio() -> None:
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()
