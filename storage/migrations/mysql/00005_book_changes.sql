-- The book by date (issue 23): book_changes holds, for each day a balance changed and each bucket
-- of the reports (branch, industry, green, catalogue category and version, borrower kind, real-
-- estate purpose, quasi real estate, borrower size — a new attribute of the loans), the change of that day in balance and in the number of
-- loans with a balance. The book at a date is the sum of the changes up to it (storage.BookAt):
-- no report reads the loans' history. Kept in the same transaction as every loan report; a loan's
-- history counts under its current attributes, as the green share's history always did. Filled
-- here from the history already recorded.
-- +goose Up
ALTER TABLE `loans` ADD COLUMN `applicant_size` varchar(8) NOT NULL DEFAULT '';
CREATE TABLE `book_changes` (
  `day` varchar(10) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `green_category` varchar(16) NOT NULL,
  `green_category_version` varchar(8) NOT NULL,
  `applicant_kind` varchar(24) NOT NULL,
  `real_estate_purpose` varchar(24) NOT NULL,
  `quasi_real_estate` tinyint(1) NOT NULL,
  `applicant_size` varchar(8) NOT NULL,
  `balance_fen` bigint(20) NOT NULL,
  `loans` bigint(20) NOT NULL,
  PRIMARY KEY (`day`, `branch_id`, `industry_code`, `green`, `green_category`, `green_category_version`,
    `applicant_kind`, `real_estate_purpose`, `quasi_real_estate`, `applicant_size`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A loan without history (none is known; the history came with the loan book) gets its current
-- balance as its history, so that every later report finds what this migration counted.
INSERT INTO `loan_balances` (`loan_id`, `as_of`, `balance_fen`, `recorded_at`)
SELECT `loan_id`, `as_of`, `balance_fen`, `updated_at` FROM `loans` l
WHERE l.`as_of` <> '' AND NOT EXISTS (SELECT 1 FROM `loan_balances` b WHERE b.`loan_id` = l.`loan_id`);

INSERT INTO `book_changes`
SELECT h.as_of, l.branch_id, l.industry_code, l.green, l.green_category, l.green_category_version,
  l.applicant_kind, l.real_estate_purpose, l.quasi_real_estate, l.applicant_size, SUM(h.balance_fen - h.prev_fen), SUM(h.nz - h.prev_nz)
FROM (
  SELECT loan_id, as_of, balance_fen,
    COALESCE(LAG(balance_fen) OVER (PARTITION BY loan_id ORDER BY as_of), 0) AS prev_fen,
    CASE WHEN balance_fen <> 0 THEN 1 ELSE 0 END AS nz,
    COALESCE(LAG(CASE WHEN balance_fen <> 0 THEN 1 ELSE 0 END) OVER (PARTITION BY loan_id ORDER BY as_of), 0) AS prev_nz
  FROM loan_balances
) h JOIN loans l ON l.loan_id = h.loan_id
GROUP BY h.as_of, l.branch_id, l.industry_code, l.green, l.green_category, l.green_category_version,
  l.applicant_kind, l.real_estate_purpose, l.quasi_real_estate, l.applicant_size
HAVING SUM(h.balance_fen - h.prev_fen) <> 0 OR SUM(h.nz - h.prev_nz) <> 0;

-- +goose Down
DROP TABLE `book_changes`;
ALTER TABLE `loans` DROP COLUMN `applicant_size`;
