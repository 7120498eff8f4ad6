"""A past fair's results from one workbook: booths, visitors and sales, previewed then applied."""
