-- Version 4: questionnaire returns on a meeting's recommendations, the recommendation catalogue and the
-- directory of liaison offices (dimensions loaded by each run from config/).
CREATE TABLE warehouse.dim_recommendation (
  code VARCHAR,
  meeting INTEGER,
  issue INTEGER,
  letter VARCHAR,
  issue_title_en VARCHAR,
  issue_title_es VARCHAR,
  issue_title_fr VARCHAR,
  topic VARCHAR,
  topic_en VARCHAR,
  topic_es VARCHAR,
  topic_fr VARCHAR,
  text_en VARCHAR,
  text_es VARCHAR,
  text_fr VARCHAR,
  PRIMARY KEY (code)
);
CREATE TABLE warehouse.dim_liaison_office (
  office_id VARCHAR,
  iso3 VARCHAR,
  agency VARCHAR,
  function VARCHAR,
  language VARCHAR,
  contact VARCHAR,
  is_synthetic BOOLEAN,
  PRIMARY KEY (office_id)
);
CREATE TABLE warehouse.fact_questionnaire_return (
  submission_id BIGINT,
  meeting INTEGER,
  iso3 VARCHAR,
  office_id VARCHAR,
  responding_agency VARCHAR,
  contact VARCHAR,
  reply_date DATE,
  arrived_date DATE,
  received_date DATE,
  cutoff DATE,
  on_time BOOLEAN,
  language VARCHAR,
  sheet VARCHAR
);
CREATE TABLE warehouse.fact_recommendation_status (
  submission_id BIGINT,
  meeting INTEGER,
  iso3 VARCHAR,
  recommendation_code VARCHAR,
  status VARCHAR,
  status_text VARCHAR,
  measures VARCHAR,
  difficulties VARCHAR,
  assistance VARCHAR,
  sheet VARCHAR,
  source_row INTEGER
)
