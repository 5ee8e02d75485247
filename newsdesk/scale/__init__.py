"""Scaling out: bulk backfills on Dask."""

__all__ = ["backfill"]
