"""Demo content: a synthetic inbox of HONLEA national submissions for trying the pipeline."""
