-- Loan quality and the region's green-loan totals (issue 29): see migrations/mysql/00008_loan_quality.sql.
-- SQLite cannot change a primary key: book_changes is made again with classification in its key.
-- +goose Up
ALTER TABLE `loans` ADD COLUMN `classification` text NOT NULL DEFAULT 'unclassified';
ALTER TABLE `loan_balances` ADD COLUMN `classification` text NOT NULL DEFAULT '';
CREATE TABLE `book_changes_new` (
  `day` text NOT NULL,
  `branch_id` text NOT NULL,
  `industry_code` text NOT NULL,
  `green` numeric NOT NULL,
  `green_category` text NOT NULL,
  `green_category_version` text NOT NULL,
  `applicant_kind` text NOT NULL,
  `real_estate_purpose` text NOT NULL,
  `quasi_real_estate` numeric NOT NULL,
  `applicant_size` text NOT NULL,
  `classification` text NOT NULL DEFAULT 'unclassified',
  `balance_fen` integer NOT NULL,
  `loans` integer NOT NULL,
  `coal_saved_kg` integer NOT NULL DEFAULT 0,
  `co2e_reduced_kg` integer NOT NULL DEFAULT 0,
  `cod_reduced_kg` integer NOT NULL DEFAULT 0,
  `ammonia_nitrogen_reduced_kg` integer NOT NULL DEFAULT 0,
  `so2_reduced_kg` integer NOT NULL DEFAULT 0,
  `nox_reduced_kg` integer NOT NULL DEFAULT 0,
  `water_saved_kg` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `classification`)
);
INSERT INTO `book_changes_new` (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `classification`, `balance_fen`, `loans`,
    `coal_saved_kg`, `co2e_reduced_kg`, `cod_reduced_kg`, `ammonia_nitrogen_reduced_kg`, `so2_reduced_kg`, `nox_reduced_kg`, `water_saved_kg`)
  SELECT `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, 'unclassified', `balance_fen`, `loans`,
    `coal_saved_kg`, `co2e_reduced_kg`, `cod_reduced_kg`, `ammonia_nitrogen_reduced_kg`, `so2_reduced_kg`, `nox_reduced_kg`, `water_saved_kg`
  FROM `book_changes`;
DROP TABLE `book_changes`;
ALTER TABLE `book_changes_new` RENAME TO `book_changes`;
CREATE TABLE `regional_green_totals` (
  `id` integer PRIMARY KEY AUTOINCREMENT,
  `quarter` text NOT NULL,
  `total_fen` integer NOT NULL,
  `source` text NOT NULL,
  `set_by` text NOT NULL,
  `set_at` datetime NOT NULL
);
CREATE INDEX `idx_regional_green_totals_quarter` ON `regional_green_totals` (`quarter`, `id`);

-- +goose Down
DROP TABLE `regional_green_totals`;
-- The classes of a bucket's changes are summed back into one row.
CREATE TABLE `book_changes_old` AS SELECT `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`,
  SUM(`balance_fen`) AS `balance_fen`, SUM(`loans`) AS `loans`, SUM(`coal_saved_kg`) AS `coal_saved_kg`, SUM(`co2e_reduced_kg`) AS `co2e_reduced_kg`, SUM(`cod_reduced_kg`) AS `cod_reduced_kg`, SUM(`ammonia_nitrogen_reduced_kg`) AS `ammonia_nitrogen_reduced_kg`, SUM(`so2_reduced_kg`) AS `so2_reduced_kg`, SUM(`nox_reduced_kg`) AS `nox_reduced_kg`, SUM(`water_saved_kg`) AS `water_saved_kg`
  FROM `book_changes` GROUP BY `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`, `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`;
DROP TABLE `book_changes`;
CREATE TABLE `book_changes` (
  `day` text NOT NULL,
  `branch_id` text NOT NULL,
  `industry_code` text NOT NULL,
  `green` numeric NOT NULL,
  `green_category` text NOT NULL,
  `green_category_version` text NOT NULL,
  `applicant_kind` text NOT NULL,
  `real_estate_purpose` text NOT NULL,
  `quasi_real_estate` numeric NOT NULL,
  `applicant_size` text NOT NULL,
  `balance_fen` integer NOT NULL,
  `loans` integer NOT NULL,
  `coal_saved_kg` integer NOT NULL DEFAULT 0,
  `co2e_reduced_kg` integer NOT NULL DEFAULT 0,
  `cod_reduced_kg` integer NOT NULL DEFAULT 0,
  `ammonia_nitrogen_reduced_kg` integer NOT NULL DEFAULT 0,
  `so2_reduced_kg` integer NOT NULL DEFAULT 0,
  `nox_reduced_kg` integer NOT NULL DEFAULT 0,
  `water_saved_kg` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`)
);
INSERT INTO `book_changes` SELECT `day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`, `balance_fen`, `loans`,
    `coal_saved_kg`, `co2e_reduced_kg`, `cod_reduced_kg`, `ammonia_nitrogen_reduced_kg`, `so2_reduced_kg`, `nox_reduced_kg`, `water_saved_kg`
  FROM `book_changes_old`;
DROP TABLE `book_changes_old`;
ALTER TABLE `loan_balances` DROP COLUMN `classification`;
ALTER TABLE `loans` DROP COLUMN `classification`;
