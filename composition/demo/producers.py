"""The planned producers and their products, written to the database."""

from __future__ import annotations

from composition.demo.loaded import Loaded, max_id
from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.text import fold


async def load_producers(data: Loaded) -> None:
    start = await max_id(Exhibitor)
    await Exhibitor.bulk_create(
        [
            Exhibitor(
                name=p.name,
                name_search=fold(p.name),
                kind=ExhibitorKind(p.kind),
                tax_code=p.tax_code,
                locality_id=data.localities[p.locality].id if p.locality else None,
                address=p.address,
                contact_person=p.contact_person,
                phone=p.phone,
                ethnic_minority=p.ethnic_minority,
                remote_area=p.remote_area,
                island=p.island,
                source=p.source,
            )
            for p in data.producers
        ]
    )
    rows = await Exhibitor.filter(id__gt=start).values_list("id", "name")
    data.exhibitor_ids = {name: pk for pk, name in rows}


async def load_products(data: Loaded) -> None:
    start = await max_id(Product)
    await Product.bulk_create(
        [
            Product(
                exhibitor_id=data.exhibitor_ids[producer.name],
                name=p.name,
                name_search=fold(p.name),
                group=ProductGroup(p.group),
                stars=p.stars,
                certificate_number=p.certificate_number,
                certificate_date=p.certificate_date,
                certificate_expiry=p.expiry,
                source=p.source,
            )
            for producer in data.producers
            for p in producer.products
        ]
    )
    data.products = {(p.exhibitor_id, p.name): p for p in await Product.filter(id__gt=start)}
