-- Compression tracking (issue 23, 有压): the reduction path an admin sets for the solar/PV/wind
-- book — its baseline date and dated targets (a share of the baseline balance) — one row per
-- change, the latest in force; and an index on the loans' industry code and customer, so that the
-- loans of the compressed industries and their customers are read from the index alone, without
-- scanning the book or reading each loan's row.
-- +goose Up
CREATE TABLE `compression_plans` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `baseline_as_of` varchar(10) NOT NULL,
  `targets` text NOT NULL,
  `set_by` varchar(64) NOT NULL,
  `set_at` datetime(6) NOT NULL,
  `note` varchar(500) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `idx_loans_industry_code` ON `loans` (`industry_code`, `customer_id`);

-- +goose Down
DROP INDEX `idx_loans_industry_code` ON `loans`;
DROP TABLE `compression_plans`;
