"""The service's logo: checked whole when a lead chooses it (a file cut short is refused
then, not when a document is printed), and drawn at the size a masthead gives it."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

from spplus_desk.domain.errors import UserError

MAX_LOGO_BYTES = 2 * 1024 * 1024


def check_logo(data: bytes) -> tuple[int, int]:
    """The logo's size in pixels, once the whole image is decoded: a file that is not a
    PNG or JPEG image, is damaged or cut short, or is too large raises a ``UserError``
    (here, when it is chosen, not when a document is printed)."""
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(
            "Le logo pèse plus de 2 Mo : enregistrez-le en plus petit (PNG ou JPEG) et "
            "choisissez-le de nouveau."
        )
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8")):
        raise UserError("Le logo doit être une image PNG ou JPEG.")
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        reader.getRGBData()  # type: ignore[no-untyped-call]  # every pixel: a cut file fails here
    except Exception as error:  # Pillow raises many kinds for a damaged image
        raise UserError(
            "Le logo n'a pas pu être lu : l'image semble abîmée ou incomplète. "
            "Enregistrez-la de nouveau et choisissez-la encore."
        ) from error
    if width < 1 or height < 1:
        raise UserError("Le logo n'a pas pu être lu : l'image est vide.")
    return int(width), int(height)


def logo_flowable(data: bytes, max_width: float, max_height: float) -> Image:
    """The logo at the largest size that fits the box, proportions kept (checked whole
    when it was chosen: ``check_logo``)."""
    width, height = ImageReader(io.BytesIO(data)).getSize()
    ratio = min(max_width / width, max_height / height)
    return Image(io.BytesIO(data), width=width * ratio, height=height * ratio)
