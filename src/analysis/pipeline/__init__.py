"""Stage 6, pipeline: `analysis run` (papermill), provenance, `analysis verify`."""
