-- The central bank's quarterly green-finance evaluation (issue 29): loan quality on the book and
-- the region's green-loan totals.
-- Each dated balance of a loan carries the five-category classification reported with it (五级分类:
-- normal, special_mention, substandard, doubtful, loss; '' when none was, as for every balance
-- reported before: it then has the class of the loan's latest report before it that gave one), the
-- loan its class at its latest report, and book_changes counts each balance under its class (a new
-- key column: a downgrade moves the balance from one class to another on its date). A balance with
-- no class reported on or before it is 'unclassified', a class of its own.
-- regional_green_totals: the region's green-loan total at a quarter end as an admin enters it from
-- the central bank's figures (only inserted; the latest row of a quarter is in force).
-- +goose Up
ALTER TABLE `loans` ADD COLUMN `classification` varchar(16) NOT NULL DEFAULT 'unclassified';
ALTER TABLE `loan_balances` ADD COLUMN `classification` varchar(16) NOT NULL DEFAULT '';
ALTER TABLE `book_changes` ADD COLUMN `classification` varchar(16) NOT NULL DEFAULT 'unclassified',
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `classification`);
CREATE TABLE `regional_green_totals` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `quarter` varchar(6) NOT NULL,
  `total_fen` bigint(20) NOT NULL,
  `source` varchar(500) NOT NULL,
  `set_by` varchar(64) NOT NULL,
  `set_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_regional_green_totals_quarter` (`quarter`, `id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE `regional_green_totals`;
-- The classes of a bucket's changes are summed back into one row.
CREATE TABLE `book_changes_old` AS SELECT `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`,
  SUM(`balance_fen`) AS `balance_fen`, SUM(`loans`) AS `loans`, SUM(`coal_saved_kg`) AS `coal_saved_kg`, SUM(`co2e_reduced_kg`) AS `co2e_reduced_kg`, SUM(`cod_reduced_kg`) AS `cod_reduced_kg`, SUM(`ammonia_nitrogen_reduced_kg`) AS `ammonia_nitrogen_reduced_kg`, SUM(`so2_reduced_kg`) AS `so2_reduced_kg`, SUM(`nox_reduced_kg`) AS `nox_reduced_kg`, SUM(`water_saved_kg`) AS `water_saved_kg`
  FROM `book_changes` GROUP BY `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`;
DELETE FROM `book_changes`;
ALTER TABLE `book_changes` DROP PRIMARY KEY,
  ADD PRIMARY KEY (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`),
  DROP COLUMN `classification`;
INSERT INTO `book_changes` (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `balance_fen`, `loans`, `coal_saved_kg`, `co2e_reduced_kg`, `cod_reduced_kg`, `ammonia_nitrogen_reduced_kg`, `so2_reduced_kg`, `nox_reduced_kg`, `water_saved_kg`)
  SELECT `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `balance_fen`, `loans`, `coal_saved_kg`, `co2e_reduced_kg`, `cod_reduced_kg`, `ammonia_nitrogen_reduced_kg`, `so2_reduced_kg`, `nox_reduced_kg`, `water_saved_kg` FROM `book_changes_old`;
DROP TABLE `book_changes_old`;
ALTER TABLE `loan_balances` DROP COLUMN `classification`;
ALTER TABLE `loans` DROP COLUMN `classification`;
