"""What every report kind shares: suppression of small counts, charts, PDF, CSV, token links."""
