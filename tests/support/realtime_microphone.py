"""A virtual microphone that delivers its samples in real time.

Measured on this stack (alsa-lib 1.2.8, PortAudio 19.6): the plain ``virtual_microphone`` has a
``null`` slave, which never makes a reader wait, so a callback stream receives the whole file
at once and then zeros, some 40 million frames per second. Tests of pause, elapsed time and
crash safety need time to pass, so this variant paces the capture: the ALSA ``file`` plugin
also writes every captured frame to its output ``file``, here a FIFO with a 4 KiB pipe buffer
that a background thread reads at ``sample_rate`` frames per second. The plugin's write blocks
when the pipe is full, so the capture runs at the pace of the reader (an initial burst of about
0.4 s fills the ALSA and pipe buffers). The samples are untouched: the first frame recorded is
the first frame fed (offset 0, measured), every frame afterwards in order.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from pathlib import Path

from tests.support import microphone
from tests.support.microphone import VirtualMicrophone

F_SETPIPE_SZ = 1031  # linux/fcntl.h


class RealtimeMicrophone(VirtualMicrophone):
    def __init__(self, home: Path, sample_rate: int = 16000, channels: int = 1):
        super().__init__(home)
        self.bytes_per_second = sample_rate * channels * 2
        self.fifo = self.home / "capture-out.fifo"
        self._stop = threading.Event()
        self._unpaced = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> RealtimeMicrophone:
        if not self.fifo.exists():
            os.mkfifo(self.fifo)
        fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)  # before any writer opens it
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
        self._thread = threading.Thread(target=self._drain, args=(fd,), daemon=True,
                                        name="realtime-microphone")
        self._thread.start()
        original = microphone.ASOUNDRC
        microphone.ASOUNDRC = original.replace('file "/dev/null"', f'file "{self.fifo}"')
        try:
            return super().__enter__()
        finally:
            microphone.ASOUNDRC = original

    def __exit__(self, *exc) -> None:
        self._unpaced.set()  # a stream still open must not block PortAudio's shutdown
        super().__exit__(*exc)
        self._stop.set()
        self._thread.join(timeout=5)

    def _drain(self, fd: int) -> None:
        """Read the plugin's copy of the capture at the real-time byte rate (a token bucket
        holding at most 50 ms, so idle time before a stream starts is not caught up)."""
        cap = self.bytes_per_second // 20
        tokens, last = 0.0, time.monotonic()
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                tokens = min(cap, tokens + (now - last) * self.bytes_per_second)
                last = now
                if self._unpaced.is_set():
                    tokens = 1 << 20
                if tokens >= 1:
                    try:
                        tokens -= len(os.read(fd, int(tokens)))
                    except BlockingIOError:
                        pass
                time.sleep(0.005)
        finally:
            os.close(fd)
