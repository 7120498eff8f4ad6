"""QR codes of tickets as SVG (shown on the page) and PNG (to save or print), no Pillow needed.

The PNG is written by hand from the QR matrix: a greyscale image is a few lines with zlib,
which spares the app an imaging library for one picture.
"""

from __future__ import annotations

import struct
import zlib

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def _matrix(data: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()


def svg(data: str) -> str:
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode")


def svg_markup(data: str) -> Markup:
    """For templates: the SVG is made by us from escaped data, so it is safe to embed."""
    return Markup(svg(data))


def png(data: str, scale: int = 8) -> bytes:
    rows = _matrix(data)
    size = len(rows) * scale
    raw = bytearray()
    for row in rows:
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        for _ in range(scale):
            raw += b"\x00" + line  # filter type 0, then one byte per pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)
