"""Report stage: stage records to the SPEC tables (CSV), the workbook and report.html.

Entry point: `tables.run(out, codebook=...)`."""
