"""Buyers and the trade deals producers make with them at events."""
