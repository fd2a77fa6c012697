"""Queries for the questions analysts ask first, printed in the data dictionary and run by the tests."""

from __future__ import annotations

#: (question, SQL) in the order the data dictionary shows them.
EXAMPLES = (
    (
        "A region's trend: cocaine-type seizures in the Americas by year, one figure per country and year "
        "from the source of highest precedence",
        """SELECT year, ROUND(SUM(kilograms)) AS kilograms, COUNT(DISTINCT iso3) AS countries
FROM marts.v_seizures_group_preferred
WHERE drug_group_id = 'cocaine_type' AND unodc_region = 'Americas'
GROUP BY year ORDER BY year""",
    ),
    (
        "The top countries: the ten largest cocaine-type seizures of the latest year with figures",
        """SELECT country, year, ROUND(kilograms) AS kilograms, source
FROM marts.v_seizures_group_preferred
WHERE drug_group_id = 'cocaine_type'
  AND year = (SELECT MAX(year) FROM marts.v_seizures_group_preferred WHERE drug_group_id = 'cocaine_type')
ORDER BY kilograms DESC LIMIT 10""",
    ),
    (
        "A country's history as of a date: what the warehouse said of Colombia's figures on 1 June 2026 "
        "(figures replaced since included, figures published later left out)",
        """SELECT year, drug, kilograms, source, file_name, valid_from, valid_to
FROM marts.v_seizure_history
WHERE iso3 = 'COL' AND valid_from <= TIMESTAMP '2026-06-01'
  AND (valid_to IS NULL OR valid_to > TIMESTAMP '2026-06-01')
ORDER BY year, drug""",
    ),
    (
        "The stewards' backlog by country",
        """SELECT country, CAST(SUM(issues) AS BIGINT) AS issues, STRING_AGG(check_name, ', ') AS checks
FROM marts.v_open_issues GROUP BY country ORDER BY issues DESC""",
    ),
)
