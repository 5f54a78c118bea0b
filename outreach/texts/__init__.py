"""Parts of the one translation table, one module per page (each defines TEXT and DEFINITIONS).

outreach.i18n merges them at import and refuses a key defined twice.
"""
