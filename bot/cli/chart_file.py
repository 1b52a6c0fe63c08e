"""`advise --chart PATH`: the cost chart written to a file in the format its name says.

The name's suffix picks the format (.png, .svg or .pdf, which matplotlib writes without a display);
any other suffix is refused rather than given PNG bytes under a misleading name. A folder that
doesn't exist or can't be written is refused with the reason; the caller prints the advice first,
so the answer is never lost to a bad path.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import InvalidInput, clip

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
ACCEPTED = "a file name ending .png, .svg or .pdf, in a folder that exists and can be written"


def chart_format(path: Path) -> str:
    """The format a chart file's name asks for; InvalidInput for a name that asks for none."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput("chart", clip(str(path)), f"{ACCEPTED} (the suffix picks the format)")
    return fmt


def check_chart_path(path: Path) -> str:
    """The format to write `path` in, once its folder is known to exist and be writable."""
    fmt = chart_format(path)
    folder = path.parent
    try:
        if not folder.is_dir():
            raise InvalidInput("chart", clip(str(path)), f"the folder {clip(str(folder), 40)} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise InvalidInput("chart", clip(str(path)), "can't write there (permission denied)")
    except OSError as err:  # a name too long, a loop of links
        raise InvalidInput("chart", clip(str(path)), f"can't write there ({err.strerror or err})") from err
    return fmt


def write_chart(path: Path, picture: bytes) -> str:
    """Write the picture; what to say about where it went, or InvalidInput if the system refused."""
    try:
        path.write_bytes(picture)
    except OSError as err:  # a full disk, a name too long, a race with the checks above
        raise InvalidInput("chart", clip(str(path)), f"can't write there ({err.strerror or err})") from err
    size_kb = max(1, round(len(picture) / 1024))
    return f"chart written to {clip(str(path), 120)} ({chart_format(path)}, {size_kb} KB)"
