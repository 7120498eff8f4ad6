"""Events, venues, recurring series, scheduling rules and the iCalendar feeds."""
