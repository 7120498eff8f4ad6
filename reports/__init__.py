"""Reports for officials: read-only views over the other domains."""
