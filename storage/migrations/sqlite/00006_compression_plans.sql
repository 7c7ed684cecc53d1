-- Compression tracking (issue 23): see migrations/mysql/00006_compression_plans.sql.
-- +goose Up
CREATE TABLE `compression_plans` (
  `id` integer PRIMARY KEY AUTOINCREMENT,
  `baseline_as_of` text NOT NULL,
  `targets` text NOT NULL,
  `set_by` text NOT NULL,
  `set_at` datetime NOT NULL,
  `note` text NOT NULL
);
CREATE INDEX `idx_loans_industry_code` ON `loans` (`industry_code`, `customer_id`);

-- +goose Down
DROP INDEX `idx_loans_industry_code`;
DROP TABLE `compression_plans`;
