-- Compact decision records (issue 22): a decision's four JSON documents (reasons, request, input,
-- result) are stored as one S2 block in `body`, compressed with a fixed dictionary, and the text
-- columns stay '' (record_format 2); the records written before keep them (record_format 1) and
-- read, verify and replay as they are. `reason_codes` lists the reasons' codes for the review
-- queue's filter (the reasons themselves are no longer searchable text); the record's hash covers it.
-- Adding columns at the end is instant on MariaDB 10.3+ and MySQL 8.0.29+ (no table copy).
-- +goose Up
ALTER TABLE `decisions`
  ADD COLUMN `record_format` tinyint unsigned NOT NULL DEFAULT 1,
  ADD COLUMN `body` mediumblob NULL,
  ADD COLUMN `reason_codes` varchar(1024) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE `decisions` DROP COLUMN `reason_codes`, DROP COLUMN `body`, DROP COLUMN `record_format`;
