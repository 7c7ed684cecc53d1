-- The schema of the release of 2026-12-01 (rules version 2), as GORM's AutoMigrate created it.
-- IF NOT EXISTS: a database that release made is taken over as it is (goose records it at
-- version 1); a new one is created.
-- +goose Up

CREATE TABLE IF NOT EXISTS `audit_events` (`id` integer PRIMARY KEY AUTOINCREMENT,`at` datetime NOT NULL,`actor` text NOT NULL,`action` text NOT NULL,`method` text NOT NULL,`path` text NOT NULL,`request_id` text NOT NULL,`detail` mediumtext NOT NULL);
CREATE TABLE IF NOT EXISTS `book_declarations` (`id` integer PRIMARY KEY AUTOINCREMENT,`complete` numeric NOT NULL,`as_of` text NOT NULL,`declared_by` text NOT NULL,`declared_at` datetime NOT NULL,`note` text NOT NULL);
CREATE TABLE IF NOT EXISTS `book_totals_v2` (`branch_id` text,`industry_code` text,`green` numeric,`applicant_kind` text,`real_estate_purpose` text,`quasi_real_estate` numeric,`balance_fen` integer NOT NULL,PRIMARY KEY (`branch_id`,`industry_code`,`green`,`applicant_kind`,`real_estate_purpose`,`quasi_real_estate`));
CREATE TABLE IF NOT EXISTS `checkpoint_locks` (`id` integer,PRIMARY KEY (`id`));
CREATE TABLE IF NOT EXISTS `checkpoints` (`id` integer PRIMARY KEY AUTOINCREMENT,`size` integer NOT NULL,`root` text NOT NULL,`registry` mediumtext NOT NULL,`note` text NOT NULL,`created_at` datetime NOT NULL);
CREATE TABLE IF NOT EXISTS `decision_chains` (`chain_id` text,`seq` integer NOT NULL,`hash` text NOT NULL,`started_at` datetime NOT NULL,`updated_at` datetime NOT NULL,`registration` text,PRIMARY KEY (`chain_id`));
CREATE TABLE IF NOT EXISTS `decision_status` (`decision_id` text,`branch_id` text NOT NULL,`outcome` text NOT NULL,`decided_at` datetime NOT NULL,`state` text NOT NULL,`final_outcome` text NOT NULL,`steps` integer NOT NULL,`reviewed_by` text NOT NULL,`reviewed_at` datetime NOT NULL,`first_reviewer` text NOT NULL,`exception_code` text NOT NULL,PRIMARY KEY (`decision_id`));
CREATE TABLE IF NOT EXISTS `decisions` (`id` integer PRIMARY KEY AUTOINCREMENT,`decision_id` text NOT NULL,`application_id` text NOT NULL,`customer_id` text NOT NULL,`branch_id` text NOT NULL,`industry_code` text NOT NULL,`amount_fen` integer NOT NULL,`loan_kind` text NOT NULL,`outcome` text NOT NULL,`stance` text NOT NULL,`green` numeric NOT NULL,`green_category` text NOT NULL,`green_category_version` text NOT NULL DEFAULT "",`existing_balance_fen` integer NOT NULL,`existing_balance_source` text NOT NULL,`reasons` mediumtext NOT NULL,`request` mediumtext NOT NULL,`input` mediumtext NOT NULL,`result` mediumtext NOT NULL,`policy_revision` text NOT NULL,`policy_digest` text NOT NULL,`decided_at` datetime NOT NULL,`requested_by` text NOT NULL,`applicant_name_hash` text NOT NULL,`applicant_id_hash` text NOT NULL,`chain_id` text NOT NULL,`seq` integer NOT NULL,`prev_hash` text NOT NULL,`hash` text NOT NULL);
CREATE TABLE IF NOT EXISTS `idempotency_keys` (`principal` text,`idem_key` text,`body_sha256` text NOT NULL,`decision_id` text NOT NULL,`state` text NOT NULL,`owner` text NOT NULL,`reserved_at` datetime NOT NULL,`created_at` datetime NOT NULL,PRIMARY KEY (`principal`,`idem_key`));
CREATE TABLE IF NOT EXISTS `loan_balances` (`loan_id` text,`as_of` text,`balance_fen` integer NOT NULL,`recorded_at` datetime,PRIMARY KEY (`loan_id`,`as_of`));
CREATE TABLE IF NOT EXISTS `loans` (`loan_id` text,`decision_id` text NOT NULL,`customer_id` text NOT NULL,`branch_id` text NOT NULL,`industry_code` text NOT NULL,`green` numeric NOT NULL,`green_category` text NOT NULL,`green_category_version` text NOT NULL DEFAULT "",`applicant_kind` text NOT NULL DEFAULT "",`real_estate_purpose` text NOT NULL DEFAULT "",`quasi_real_estate` numeric NOT NULL DEFAULT false,`balance_fen` integer NOT NULL,`as_of` text NOT NULL,`updated_at` datetime,PRIMARY KEY (`loan_id`));
CREATE TABLE IF NOT EXISTS `policy_actives` (`id` integer,`digest` text NOT NULL,`activated_by` text NOT NULL,`activated_at` datetime NOT NULL,`approved_by` text NOT NULL DEFAULT "",PRIMARY KEY (`id`));
CREATE TABLE IF NOT EXISTS `policy_revisions` (`digest` text,`revision` text NOT NULL,`bundle` longblob NOT NULL,`source` text NOT NULL,`uploaded_by` text NOT NULL,`uploaded_at` datetime NOT NULL,`activated_at` datetime,`approved_by` text NOT NULL DEFAULT "",`approved_at` datetime,PRIMARY KEY (`digest`));
CREATE TABLE IF NOT EXISTS `review_heads` (`id` integer,`seq` integer NOT NULL,`hash` text NOT NULL,`updated_at` datetime NOT NULL,PRIMARY KEY (`id`));
CREATE TABLE IF NOT EXISTS `reviews` (`id` integer PRIMARY KEY AUTOINCREMENT,`review_id` text NOT NULL,`decision_id` text NOT NULL,`step` integer NOT NULL,`action` text NOT NULL,`exception_code` text NOT NULL,`conditions` text NOT NULL,`rationale` text NOT NULL,`reviewer` text NOT NULL,`reviewed_at` datetime NOT NULL,`state` text NOT NULL,`final_outcome` text NOT NULL,`seq` integer NOT NULL,`prev_hash` text NOT NULL,`hash` text NOT NULL);
CREATE TABLE IF NOT EXISTS `tree_hashes` (`idx` integer,`hash` blob NOT NULL,PRIMARY KEY (`idx`));
CREATE TABLE IF NOT EXISTS `tree_ranges` (`start` integer,`chain_id` text NOT NULL,`from_seq` integer NOT NULL,`count` integer NOT NULL,PRIMARY KEY (`start`));
CREATE INDEX IF NOT EXISTS `idx_audit_events_action` ON `audit_events`(`action`);
CREATE INDEX IF NOT EXISTS `idx_audit_events_actor` ON `audit_events`(`actor`);
CREATE INDEX IF NOT EXISTS `idx_audit_events_at` ON `audit_events`(`at`);
CREATE INDEX IF NOT EXISTS `idx_audit_events_request_id` ON `audit_events`(`request_id`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_checkpoints_size` ON `checkpoints`(`size`);
CREATE INDEX IF NOT EXISTS `idx_decision_status_branch_id` ON `decision_status`(`branch_id`);
CREATE INDEX IF NOT EXISTS `idx_decision_status_final_outcome` ON `decision_status`(`final_outcome`);
CREATE INDEX IF NOT EXISTS `idx_decisions_applicant_id_hash` ON `decisions`(`applicant_id_hash`);
CREATE INDEX IF NOT EXISTS `idx_decisions_applicant_name_hash` ON `decisions`(`applicant_name_hash`);
CREATE INDEX IF NOT EXISTS `idx_decisions_application_id` ON `decisions`(`application_id`);
CREATE INDEX IF NOT EXISTS `idx_decisions_branch_decided` ON `decisions`(`branch_id`,`decided_at`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_decisions_chain_seq` ON `decisions`(`chain_id`,`seq`);
CREATE INDEX IF NOT EXISTS `idx_decisions_customer_id` ON `decisions`(`customer_id`);
CREATE INDEX IF NOT EXISTS `idx_decisions_decided_at` ON `decisions`(`decided_at`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_decisions_decision_id` ON `decisions`(`decision_id`);
CREATE INDEX IF NOT EXISTS `idx_decisions_industry_code` ON `decisions`(`industry_code`);
CREATE INDEX IF NOT EXISTS `idx_decisions_outcome_decided` ON `decisions`(`outcome`,`decided_at`);
CREATE INDEX IF NOT EXISTS `idx_decisions_policy_revision` ON `decisions`(`policy_revision`);
CREATE INDEX IF NOT EXISTS `idx_decisions_requested_by` ON `decisions`(`requested_by`);
CREATE INDEX IF NOT EXISTS `idx_decisions_stance_decided` ON `decisions`(`stance`,`decided_at`);
CREATE INDEX IF NOT EXISTS `idx_idempotency_keys_created_at` ON `idempotency_keys`(`created_at`);
CREATE INDEX IF NOT EXISTS `idx_loans_branch_id` ON `loans`(`branch_id`);
CREATE INDEX IF NOT EXISTS `idx_loans_customer_id` ON `loans`(`customer_id`);
CREATE INDEX IF NOT EXISTS `idx_loans_decision_id` ON `loans`(`decision_id`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_reviews_decision_step` ON `reviews`(`decision_id`,`step`);
CREATE INDEX IF NOT EXISTS `idx_reviews_exception_code` ON `reviews`(`exception_code`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_reviews_review_id` ON `reviews`(`review_id`);
CREATE INDEX IF NOT EXISTS `idx_reviews_reviewed_at` ON `reviews`(`reviewed_at`);
CREATE INDEX IF NOT EXISTS `idx_reviews_reviewer` ON `reviews`(`reviewer`);
CREATE UNIQUE INDEX IF NOT EXISTS `idx_reviews_seq` ON `reviews`(`seq`);
CREATE INDEX IF NOT EXISTS `idx_status_state_reviewed` ON `decision_status`(`state`,`reviewed_at`);
CREATE INDEX IF NOT EXISTS `idx_tree_ranges_chain` ON `tree_ranges`(`chain_id`,`from_seq`);

-- +goose Down
-- The first schema is not taken down: it holds the decision log.
SELECT 1;

