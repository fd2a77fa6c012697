-- Version 7: a file-level issue can be acknowledged. Each run's audit keeps the bytes it read (SHA-256);
-- an acknowledgement names the file's bytes, so that it holds every night the same file comes back.

ALTER TABLE quality.load_audit ADD COLUMN sha256 VARCHAR;
ALTER TABLE quality.steward_decision ADD COLUMN sha256 VARCHAR;
