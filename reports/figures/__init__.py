"""The definitions of every reported figure, one function each, computed in SQL.

Each function takes a list of event ids and a grouping, and answers with one GROUP BY query,
so a report costs the same number of queries for one event or fifty, eight gates or eighty.
The period report and the event report call the same functions, which is why their figures
agree with each other. One module per kind of figure: visitors.py (entries, exits, hours,
occupancy), assignments.py (revenue, booths and fees), participation.py (producers and
products), deals.py, summaries.py (one line per event); grouping.py builds the queries that
answer several groupings at once.

Definitions (what an official reads on the page):

- Entries (visitors) = Σ GateCount.count with direction "in" + Σ CountCorrection.delta with
  direction "in". Exits likewise with "out". Gate counts are filed in 15-minute buckets (UTC),
  grouped here by the province's local day and hour. Check-ins of pre-registered groups are
  already in GateCount (the visitors domain adds them there).
- Imported totals (a past fair's workbook, the bulk API) are GateCount rows with source
  "import", counted exactly like tallied ones; a total given for a whole day (no hour) is
  filed at the day's first moment with `whole_day`, and like a correction counts in the day,
  the gate and the event, not in any hour nor in the occupancy.
- Corrections carry a gate and a day but no time: they count in the day's and the gate's totals
  and in the event's total, not in any hour and not in the occupancy.
- Occupancy at a moment = entries − exits counted since the day began (all gates); the highest
  occupancy is the maximum over the day's 15-minute buckets.
- Revenue = Σ SalesRecord.revenue (integer VND) of the assignments of the event's booths.
  Attribution to an OCOP group, a star rating and a product: a booth-day's revenue counts in
  full for the booth's *main product* — the highest-rated product on the producer's
  application for that event (ties: the lowest product id), or, when the application lists no
  product, the producer's highest-rated product; a producer with no product is "unclassified".
  Taking one main product (rather than splitting) keeps every breakdown summing to the total
  to the đồng. Locality and producer kind come from the exhibitor of the assignment.
- Revenue by day and OCOP group = each sales record's revenue, on its day, in the group of its
  booth's main product (the same rule), so each day's groups add up to that day's revenue and
  the whole table to the total.
- Units sold per product = Σ SalesLine.units of the event's sales records for that product:
  what exhibitors recorded product by product. It is independent of the main-product rule (a
  booth's lines may name any of its products), and blank where no line names the product —
  not zero, since many booths record only a day's total units.
- Top products: every product that is a booth's main product or has a sales line (and
  "unclassified" for booths without a product), ranked by credited revenue, then by units sold
  per product, then by product id. A product sold only alongside another booth's main product
  therefore appears with 0 ₫ credited and its units, after the products credited with revenue.
- Booths offered = the event's booths not blocked. Assigned = booths with an active assignment
  of kind "assigned". Occupied = assigned booths with at least one sales record (the producer
  was there and traded). Disadvantaged = assigned booths whose producer is an ethnic minority,
  remote-area or island producer.
- Fees collected = Σ fee of active assignments with payment "paid"; waived = Σ fee of those
  with payment "waived" (the subsidy the province gave).
- Participating producers = distinct exhibitors with an active assigned booth. Products shown =
  distinct products on those producers' applications for the event (or, where an application
  lists none, all the producer's products).
- Trade deals = TradeDeal rows of the event, counted and valued (VND) by status.
"""

from __future__ import annotations

from events.models import EventStatus
from reports.figures.assignments import assignment_figures, booth_figures, revenue_by
from reports.figures.deals import DEAL_STATUSES, deal_groups, deals_by
from reports.figures.kept import keep_finished, kept_figures
from reports.figures.participation import participation, participation_groups
from reports.figures.sources import figure_sources
from reports.figures.summaries import (
    LOCALITY_FIELDS,
    SUMMARY_FIELDS,
    PeriodFigures,
    event_summaries,
    period_figures,
    summaries_of,
)
from reports.figures.visitors import entries_by_hour, highest_occupancy, visitor_flows

# Events that took place: a cancelled, draft or still-open event has no figures to file.
HELD_STATUSES = (EventStatus.RUNNING, EventStatus.FINISHED, EventStatus.REPORTED)

__all__ = [
    "DEAL_STATUSES",
    "HELD_STATUSES",
    "LOCALITY_FIELDS",
    "SUMMARY_FIELDS",
    "PeriodFigures",
    "assignment_figures",
    "booth_figures",
    "deal_groups",
    "deals_by",
    "entries_by_hour",
    "event_summaries",
    "figure_sources",
    "highest_occupancy",
    "keep_finished",
    "kept_figures",
    "participation",
    "participation_groups",
    "period_figures",
    "revenue_by",
    "summaries_of",
    "visitor_flows",
]
