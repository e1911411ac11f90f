"""Pieces every feature uses: time, column types, base schemas, pagination, access."""
