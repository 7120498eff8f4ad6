"""Producers (chủ thể OCOP), their star-rated products, import/export, QR codes, self-service."""
