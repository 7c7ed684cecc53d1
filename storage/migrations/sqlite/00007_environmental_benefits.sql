-- Environmental benefits (issue 23, item 5): see migrations/mysql/00007_environmental_benefits.sql.
-- +goose Up
ALTER TABLE `loans` ADD COLUMN `coal_saved_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `co2e_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `cod_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `ammonia_nitrogen_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `so2_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `nox_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `water_saved_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `loans` ADD COLUMN `financing_share_ppm` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `coal_saved_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `co2e_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `cod_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `ammonia_nitrogen_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `so2_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `nox_reduced_kg` integer NOT NULL DEFAULT 0;
ALTER TABLE `book_changes` ADD COLUMN `water_saved_kg` integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE `book_changes` DROP COLUMN `coal_saved_kg`;
ALTER TABLE `book_changes` DROP COLUMN `co2e_reduced_kg`;
ALTER TABLE `book_changes` DROP COLUMN `cod_reduced_kg`;
ALTER TABLE `book_changes` DROP COLUMN `ammonia_nitrogen_reduced_kg`;
ALTER TABLE `book_changes` DROP COLUMN `so2_reduced_kg`;
ALTER TABLE `book_changes` DROP COLUMN `nox_reduced_kg`;
ALTER TABLE `book_changes` DROP COLUMN `water_saved_kg`;
ALTER TABLE `loans` DROP COLUMN `coal_saved_kg`;
ALTER TABLE `loans` DROP COLUMN `co2e_reduced_kg`;
ALTER TABLE `loans` DROP COLUMN `cod_reduced_kg`;
ALTER TABLE `loans` DROP COLUMN `ammonia_nitrogen_reduced_kg`;
ALTER TABLE `loans` DROP COLUMN `so2_reduced_kg`;
ALTER TABLE `loans` DROP COLUMN `nox_reduced_kg`;
ALTER TABLE `loans` DROP COLUMN `water_saved_kg`;
ALTER TABLE `loans` DROP COLUMN `financing_share_ppm`;
