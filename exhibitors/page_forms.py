"""What the registry's forms need around them: the choices of their lists and the posted fields
(with an uploaded photo). Shared by the page modules."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from exhibitors import photos, search
from exhibitors.models import ExhibitorKind, ExhibitorStatus, ProductGroup
from ocopfair.models import Locality

MAX_FIELD = 5000  # characters kept of one posted text field


async def choices() -> dict[str, Any]:
    return {
        "localities": await Locality.filter(retired_on=None).values_list("id", "name"),
        "kinds": list(ExhibitorKind),
        "groups": list(ProductGroup),
        "statuses": list(ExhibitorStatus),
        "flag_keys": search.FLAGS,
    }


async def read_form(request: Request) -> tuple[dict[str, Any], bytes | None]:
    """The posted fields as text, and an uploaded photo's bytes (read up to the cap + 1)."""
    form = await request.form()
    data: dict[str, Any] = {}
    photo = None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key == "photo" and value.filename:
                photo = await value.read(photos.MAX_BYTES + 1)
        else:
            data[key] = value[:MAX_FIELD]
    return data, photo
