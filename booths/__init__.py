"""Booths: inventory and floor plan, applications, allocation, assignments, sales and deals."""
