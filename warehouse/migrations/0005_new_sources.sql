-- Version 5: what a file does not report (quality.not_reported: a "no data" marker such as "--" or
-- "not known" where a figure would be, or a row of a wide sheet with no figure in any year), and the
-- administrative area of a seizure case (fact_seizure.admin1), and what historic entities became
-- (warehouse.dim_country_successor, loaded by each run from config/country_successors.csv).
CREATE TABLE quality.not_reported (
  submission_id BIGINT,
  sheet VARCHAR,
  source_row INTEGER,
  source_column VARCHAR,
  iso3 VARCHAR,
  drug_id VARCHAR,
  year INTEGER,
  country_text VARCHAR,
  drug_text VARCHAR,
  marker VARCHAR
);
ALTER TABLE warehouse.fact_seizure ADD COLUMN admin1 VARCHAR;
ALTER TABLE staging.fact_seizure ADD COLUMN admin1 VARCHAR;
CREATE TABLE warehouse.dim_country_successor (predecessor VARCHAR, successor VARCHAR, year INTEGER);
