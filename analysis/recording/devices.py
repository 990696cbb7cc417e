"""Input devices through sounddevice: listing, the default one, and the rate to capture at.

Every failure is a MixScopeError with a sentence the GUI can show as is.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import MixScopeError

PREFERRED_RATE = 16000


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    host_api: str
    max_channels: int
    default_rate: int

    def label(self) -> str:
        return f"{self.name} ({self.host_api})"


def sounddevice_module():
    """sounddevice, or MixScopeError saying why sound input is unavailable."""
    from analysis.environment import portaudio_status

    available, message = portaudio_status()
    if not available:
        raise MixScopeError(message)
    import sounddevice

    return sounddevice


def list_input_devices() -> list[InputDevice]:
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
        host_apis = sd.query_hostapis()
    except sd.PortAudioError as err:
        raise MixScopeError(f"cannot list the sound devices: {err}") from err
    return [InputDevice(int(d["index"]), d["name"], host_apis[d["hostapi"]]["name"],
                        int(d["max_input_channels"]), int(round(d["default_samplerate"])))
            for d in devices if d["max_input_channels"] > 0]


def default_input_device(devices: list[InputDevice] | None = None) -> InputDevice:
    """The system's default input (else the first one); MixScopeError when there is none."""
    devices = list_input_devices() if devices is None else devices
    if not devices:
        raise MixScopeError("no input device found: connect a microphone and try again")
    sd = sounddevice_module()
    try:
        index = sd.default.device[0]
        if index is None or index < 0:
            index = sd.query_devices(kind="input")["index"]
    except (sd.PortAudioError, ValueError, TypeError, KeyError):
        index = None
    return next((d for d in devices if d.index == index), devices[0])


def rate_supported(device: InputDevice, rate: int, channels: int, dtype: str) -> bool:
    sd = sounddevice_module()
    try:
        sd.check_input_settings(device=device.index, samplerate=rate, channels=channels,
                                dtype=dtype)
    except (sd.PortAudioError, ValueError):
        return False
    return True


def choose_capture_rate(device: InputDevice, wanted: int, channels: int, dtype: str,
                        supported=None) -> int:
    """``wanted`` when the device takes it, else the device's native rate (the recording is
    then resampled to ``wanted`` when it stops). MixScopeError when neither works."""
    supported = supported or rate_supported
    if channels > device.max_channels:
        raise MixScopeError(f"{device.name} has {device.max_channels} input channel(s); "
                            f"{channels} requested")
    if supported(device, wanted, channels, dtype):
        return wanted
    if device.default_rate != wanted and supported(device, device.default_rate, channels, dtype):
        return device.default_rate
    raise MixScopeError(f"{device.name} supports neither {wanted} Hz nor its native "
                        f"{device.default_rate} Hz with {channels} channel(s)")
