-- Version 6: country reports. Their documents,
-- narrative sections, the search index over the sections, their indicator figures, and the indicators.

CREATE TABLE warehouse.dim_indicator (
  indicator_id VARCHAR PRIMARY KEY,
  by_drug BOOLEAN,
  unit VARCHAR,
  name_en VARCHAR,
  name_es VARCHAR,
  name_fr VARCHAR
);

CREATE TABLE warehouse.document (
  submission_id BIGINT,
  symbol VARCHAR,
  meeting INTEGER,
  paper_number INTEGER,
  iso3 VARCHAR,
  country_text VARCHAR,
  language VARCHAR,
  language_basis VARCHAR,
  report_date VARCHAR,
  sections INTEGER,
  tables INTEGER
);

CREATE TABLE warehouse.document_section (
  submission_id BIGINT,
  section_no INTEGER,
  heading VARCHAR,
  text VARCHAR,
  language VARCHAR,
  terms INTEGER
);

CREATE TABLE warehouse.search_posting (
  submission_id BIGINT,
  section_no INTEGER,
  language VARCHAR,
  term VARCHAR,
  tf INTEGER
);

CREATE TABLE warehouse.fact_country_indicator (
  submission_id BIGINT,
  row_id BIGINT,
  table_label VARCHAR,
  table_heading VARCHAR,
  source_row INTEGER,
  source_column VARCHAR,
  iso3 VARCHAR,
  year INTEGER,
  indicator_id VARCHAR,
  drug_id VARCHAR,
  quantity {DOUBLE},
  quantity_text VARCHAR,
  unit VARCHAR,
  unit_text VARCHAR,
  measure VARCHAR,
  kilograms {DOUBLE},
  indicator_text VARCHAR,
  drug_text VARCHAR,
  warnings VARCHAR,
  decision_id VARCHAR,
  row_key VARCHAR
);
CREATE INDEX search_posting_term ON warehouse.search_posting (term, language);
