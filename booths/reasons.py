"""What each allocation rule means, in the reader's language (codes are stored)."""

from __future__ import annotations

from booths.series_allocation import RULE_SERIES, RULE_SERIES_NONE
from booths.solver import (
    RULE_ALLOCATED,
    RULE_LOCALITY_MAX,
    RULE_NO_ZONE,
    RULE_PARTIAL,
    RULE_PRIORITY,
)
from booths.waitlist import RULE_PROMOTED
from ocopfair.i18n import N_
from ocopfair.i18n import gettext as _

RULES = {
    RULE_ALLOCATED: N_("You got every booth you asked for."),
    RULE_PARTIAL: N_(
        "You got fewer booths than you asked for: nobody gets a second booth "
        "while another eligible producer has none."
    ),
    RULE_NO_ZONE: N_("No zone of this event suits your products' group."),
    RULE_LOCALITY_MAX: N_("Your locality has reached its maximum number of booths at this event."),
    RULE_PRIORITY: N_(
        "All booths that suit your products went to producers ranked higher "
        "(more OCOP stars, then the earlier application, with the reserved share "
        "for disadvantaged producers and the locality minimums met first)."
    ),
    RULE_PROMOTED: N_("A booth was freed and you were next on the waiting list."),
    RULE_SERIES: N_(
        "Weeks of the series were shared out fairly among producers according to "
        "the weeks each can come."
    ),
    RULE_SERIES_NONE: N_("No booth was free in the weeks you can come."),
}


def explain(rule: str) -> str:
    return _(RULES[rule]) if rule in RULES else ""
