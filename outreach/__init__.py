"""Outreach dashboard engine: contract, import, queries, demo data, exports."""
