"""What data stewards use: the quality issues the nightly run stopped, their decisions, feedback."""
