"""Stage 5, report: the figure style, figures, tables and the report page."""

from analysis.report.flags import dimension_label, flag_context, flag_dimensions
from analysis.report.style import apply_style, save_figure
from analysis.report.tables import save_table

__all__ = ["apply_style", "dimension_label", "flag_context", "flag_dimensions", "save_figure",
           "save_table"]
