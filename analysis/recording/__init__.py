"""Recording from a microphone without Qt: device choice, a crash-safe streaming WAV writer,
the store of unfinished recordings, and the capture session the GUI drives with a timer."""
