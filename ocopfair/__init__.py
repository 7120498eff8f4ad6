"""OCOP fair manager: the composition root (settings, app, database, users, i18n, CLI)."""
