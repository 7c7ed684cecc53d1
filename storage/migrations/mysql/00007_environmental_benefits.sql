-- Environmental benefits of green loans (issue 23, item 5): the annual figures of the banking
-- regulator's green-credit statistics that a loan's report may carry (standard coal saved, CO2
-- equivalent, COD, ammonia nitrogen, SO2 and NOx reduced, water saved; each in kilograms, that
-- is thousandths of the tonnes reported) and the loan's share of the project's financing (in
-- millionths); book_changes carries each figure attributed by that share, so that the reports
-- total them at any date as they total balances.
-- +goose Up
ALTER TABLE `loans`
  ADD COLUMN `coal_saved_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `co2e_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `cod_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `ammonia_nitrogen_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `so2_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `nox_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `water_saved_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `financing_share_ppm` bigint NOT NULL DEFAULT 0;
ALTER TABLE `book_changes`
  ADD COLUMN `coal_saved_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `co2e_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `cod_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `ammonia_nitrogen_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `so2_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `nox_reduced_kg` bigint NOT NULL DEFAULT 0,
  ADD COLUMN `water_saved_kg` bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE `book_changes` DROP COLUMN `coal_saved_kg`, DROP COLUMN `co2e_reduced_kg`, DROP COLUMN `cod_reduced_kg`,
  DROP COLUMN `ammonia_nitrogen_reduced_kg`, DROP COLUMN `so2_reduced_kg`, DROP COLUMN `nox_reduced_kg`, DROP COLUMN `water_saved_kg`;
ALTER TABLE `loans` DROP COLUMN `coal_saved_kg`, DROP COLUMN `co2e_reduced_kg`, DROP COLUMN `cod_reduced_kg`,
  DROP COLUMN `ammonia_nitrogen_reduced_kg`, DROP COLUMN `so2_reduced_kg`, DROP COLUMN `nox_reduced_kg`, DROP COLUMN `water_saved_kg`,
  DROP COLUMN `financing_share_ppm`;
