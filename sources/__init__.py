"""Reading submitted files (I/O) and recognising which source profile each one follows."""
