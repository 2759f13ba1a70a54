"""Descriptive analysis of NHS staff wellbeing (Resilience) Hub service-mapping data.

Reproduces and extends the descriptive analysis of Allsopp et al. (2024),
BMC Health Services Research 24:430, doi:10.1186/s12913-024-10835-1.
"""

__version__ = "0.1.0"
