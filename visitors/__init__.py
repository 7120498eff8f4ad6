"""Visitors: gates, counting on a phone, pre-registrations and tickets, live figures."""
