"""Pages of reporting: plants and reports, the report form, lines, evidence, uploads."""
