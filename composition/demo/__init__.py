"""Load a realistic demo database for Quảng Ninh: producers, products, venues, fairs, users.

Everything that the seeds name (localities, 16 producers, 49 products, 16 buyers) is loaded as
written; the rest is generated to reach the province's published totals (186 producers, 432
products: 5 five-star, 107 four-star, 320 three-star) and marked source="generated". A fixed
random seed makes every run identical for a given `today`; all dates are relative to `today`, so
a demo loaded any day has a finished fair, a running connection week and fairs to apply to.

The catalogue is planned in memory first (catalogue.py, naming.py), then loader.py fills the
tables one domain at a time: people.py (localities, users), producers.py, events.py (venues,
events), booths.py (booths, applications, assignments), visitors.py (gates, counts), sales.py,
deals.py (buyers, trade deals). The literal material is in data/.
"""

from composition.demo.loader import has_data, load_demo
from composition.demo.people import DEMO_PASSWORD, DEMO_USERS

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "has_data", "load_demo"]
