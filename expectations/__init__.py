"""Great Expectations suites, one per dataset, and the runner that turns results into row issues.

Importing great_expectations costs seconds: only `runner` imports it, and only when it validates.
"""
