"""Pure polars transforms: frame in, frame out, no I/O."""
