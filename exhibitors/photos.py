"""A product photo as a phone takes it (JPEG, PNG, WebP or HEIC, up to 15 MB), made fit to
store: decoded whole by Pillow (a file that does not decode as an image is never stored),
turned upright by its EXIF orientation, stripped of EXIF and GPS, at most 1,600 px wide and
about 300 KB as a JPEG, with a small thumbnail.

CPU work: `prepare` runs in the worker process (`checked_photo` sends it there).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from ocopfair import offload
from ocopfair.errors import Invalid, TooLarge
from ocopfair.i18n import N_
from ocopfair.i18n import gettext as _

MAX_BYTES = 15 * 1024 * 1024
# 60 megapixels: more than any phone camera (48 MP is 8064 × 6048); a file declaring more is
# refused before its pixels are decoded (a "decompression bomb").
MAX_PIXELS = 60_000_000
MAX_SIDE = 1600
TARGET_BYTES = 300 * 1024
THUMB_SIDE = 320
QUALITIES = (85, 78, 70, 62, 55, 48)
CONTENT_TYPE = "image/jpeg"
# An upload's form may carry the photo and the product's fields: the body limit of its routes.
FORM_MAX_BYTES = MAX_BYTES + 256 * 1024

TOO_LARGE = N_("The photo is larger than 15 MB. Please choose a smaller one.")
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str
    thumbnail: bytes
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    """The Pillow format the bytes claim to be (never the file's name), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def _too_large() -> TooLarge:
    return TooLarge({"photo": _("The photo is larger than 15 MB. Please choose a smaller one.")})


def _damaged() -> Invalid:
    return Invalid(
        {"photo": _("The photo is damaged or is not really an image. Please send another.")}
    )


def _decode(data: bytes, kind: str):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    if kind == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    too_many = Invalid({"photo": _("The photo has too many pixels (more than 60 megapixels).")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            if image.width * image.height > MAX_PIXELS:
                raise too_many
            if kind == "JPEG":  # decode at the smallest scale still at least MAX_SIDE: faster
                scale = min(1.0, MAX_SIDE / max(image.size))
                image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            image.load()
    except Invalid:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except Exception:  # truncated, corrupt, not an image at all
        raise _damaged() from None
    return image


def _upright_rgb(image):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image, quality: int) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    # No exif=, no icc_profile=: nothing of the camera's metadata (GPS…) is written.
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _fit(image, target: int) -> bytes:  # type: ignore[no-untyped-def]
    """Quality steps down, then the size, until the JPEG is about `target` bytes."""
    from PIL import Image

    while True:
        for quality in QUALITIES:
            encoded = _jpeg(image, quality)
            if len(encoded) <= target:
                return encoded
        if max(image.size) <= THUMB_SIDE:
            return encoded
        image = image.resize(
            (max(1, image.width * 4 // 5), max(1, image.height * 4 // 5)), Image.Resampling.LANCZOS
        )


def prepare(data: bytes) -> Photo:
    """Decode, turn upright, strip, shrink: the photo to store, or a sentence about the field."""
    from PIL import Image

    if len(data) > MAX_BYTES:
        raise _too_large()
    kind = sniff(data)
    if kind is None:
        raise Invalid({"photo": _("The photo must be a JPEG, PNG, WebP or HEIC image.")})
    image = _upright_rgb(_decode(data, kind))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    stored = _fit(image, TARGET_BYTES)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return Photo(stored, CONTENT_TYPE, _jpeg(thumb, 75), image.width, image.height)


async def checked_photo(data: bytes) -> Photo:
    return await offload.run_in_process(prepare, data)
