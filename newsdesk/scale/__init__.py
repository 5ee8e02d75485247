"""Scaling out: bulk backfills on Dask."""
