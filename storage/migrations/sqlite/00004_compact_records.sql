-- Compact decision records (issue 22): see migrations/mysql/00004_compact_records.sql.
-- +goose Up
ALTER TABLE `decisions` ADD COLUMN `record_format` integer NOT NULL DEFAULT 1;
ALTER TABLE `decisions` ADD COLUMN `body` blob;
ALTER TABLE `decisions` ADD COLUMN `reason_codes` text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE `decisions` DROP COLUMN `reason_codes`;
ALTER TABLE `decisions` DROP COLUMN `body`;
ALTER TABLE `decisions` DROP COLUMN `record_format`;
