"""Photos as phones take them, made in the test (no binary fixtures): a large noisy JPEG of a
given size, one turned by its EXIF orientation with a GPS position, a HEIC, a bomb."""

from __future__ import annotations

import functools
import io
import struct
import zlib


@functools.lru_cache(maxsize=2)
def phone_jpeg(megabytes: float = 6.0, size: tuple[int, int] = (4032, 3024)) -> bytes:
    """A camera-sized JPEG of about `megabytes` (grain on a colour gradient, like a photo)."""
    from PIL import Image

    width, height = size
    noise = Image.effect_noise((width, height), 60)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, gradient, Image.eval(noise, lambda v: 255 - v)))
    target = int(megabytes * 1024 * 1024)
    for quality in (92, 85, 75, 60, 45):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() <= target * 1.15:
            break
    data = out.getvalue()
    # Bytes after the end marker are ignored by decoders (as a phone's trailing data is).
    return data + b"\0" * max(0, target - len(data))


def rotated_jpeg_with_gps() -> bytes:
    """A 200 × 100 JPEG whose EXIF says "turn 90° clockwise" and holds a GPS position."""
    from PIL import Image

    image = Image.new("RGB", (200, 100), (20, 120, 200))
    image.paste((250, 250, 0), (0, 0, 40, 100))  # a yellow band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 27.0, 0.0)
    gps[3] = "E"
    gps[4] = (107.0, 45.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def heic(size: tuple[int, int] = (640, 480)) -> bytes:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (180, 60, 30)).save(out, "HEIF")
    return out.getvalue()


def webp(size: tuple[int, int] = (300, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 10, 128)).save(out, "WEBP")
    return out.getvalue()


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG declaring width × height pixels (a "decompression bomb")."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (width + 1) * 16, 9)  # a few rows of zeros: tiny compressed
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
