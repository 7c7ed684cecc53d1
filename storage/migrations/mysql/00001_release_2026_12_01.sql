-- The schema of the release of 2026-12-01 (rules version 2), as GORM's AutoMigrate created it.
-- IF NOT EXISTS: a database that release made is taken over as it is (goose records it at
-- version 1); a new one is created.
-- +goose Up

CREATE TABLE IF NOT EXISTS `audit_events` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `at` datetime(6) NOT NULL,
  `actor` varchar(64) NOT NULL,
  `action` varchar(64) NOT NULL,
  `method` varchar(8) NOT NULL,
  `path` varchar(255) NOT NULL,
  `request_id` varchar(64) NOT NULL,
  `detail` mediumtext NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_audit_events_at` (`at`),
  KEY `idx_audit_events_actor` (`actor`),
  KEY `idx_audit_events_action` (`action`),
  KEY `idx_audit_events_request_id` (`request_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `book_declarations` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `complete` tinyint(1) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `declared_by` varchar(64) NOT NULL,
  `declared_at` datetime(6) NOT NULL,
  `note` varchar(500) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `book_totals_v2` (
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `applicant_kind` varchar(24) NOT NULL,
  `real_estate_purpose` varchar(24) NOT NULL,
  `quasi_real_estate` tinyint(1) NOT NULL,
  `balance_fen` bigint(20) NOT NULL,
  PRIMARY KEY (`branch_id`,`industry_code`,`green`,`applicant_kind`,`real_estate_purpose`,`quasi_real_estate`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `checkpoint_locks` (
  `id` bigint(20) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `checkpoints` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `size` bigint(20) NOT NULL,
  `root` varchar(64) NOT NULL,
  `registry` mediumtext NOT NULL,
  `note` text NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_checkpoints_size` (`size`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `decision_chains` (
  `chain_id` varchar(96) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `hash` varchar(64) NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `registration` text DEFAULT NULL,
  PRIMARY KEY (`chain_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `decision_status` (
  `decision_id` varchar(36) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `outcome` varchar(8) NOT NULL,
  `decided_at` datetime(6) NOT NULL,
  `state` varchar(24) NOT NULL,
  `final_outcome` varchar(8) NOT NULL,
  `steps` bigint(20) NOT NULL,
  `reviewed_by` varchar(64) NOT NULL,
  `reviewed_at` datetime(6) NOT NULL,
  `first_reviewer` varchar(64) NOT NULL,
  `exception_code` varchar(64) NOT NULL,
  PRIMARY KEY (`decision_id`),
  KEY `idx_decision_status_branch_id` (`branch_id`),
  KEY `idx_status_state_reviewed` (`state`,`reviewed_at`),
  KEY `idx_decision_status_final_outcome` (`final_outcome`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `decisions` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `decision_id` varchar(36) NOT NULL,
  `application_id` varchar(64) NOT NULL,
  `customer_id` varchar(64) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `amount_fen` bigint(20) NOT NULL,
  `loan_kind` varchar(16) NOT NULL,
  `outcome` varchar(8) NOT NULL,
  `stance` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `green_category` varchar(16) NOT NULL,
  `green_category_version` varchar(8) NOT NULL DEFAULT '',
  `existing_balance_fen` bigint(20) NOT NULL,
  `existing_balance_source` varchar(8) NOT NULL,
  `reasons` mediumtext NOT NULL,
  `request` mediumtext NOT NULL,
  `input` mediumtext NOT NULL,
  `result` mediumtext NOT NULL,
  `policy_revision` varchar(64) NOT NULL,
  `policy_digest` varchar(71) NOT NULL,
  `decided_at` datetime(6) NOT NULL,
  `requested_by` varchar(64) NOT NULL,
  `applicant_name_hash` varchar(64) NOT NULL,
  `applicant_id_hash` varchar(64) NOT NULL,
  `chain_id` varchar(96) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `prev_hash` varchar(64) NOT NULL,
  `hash` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_decisions_decision_id` (`decision_id`),
  UNIQUE KEY `idx_decisions_chain_seq` (`chain_id`,`seq`),
  KEY `idx_decisions_application_id` (`application_id`),
  KEY `idx_decisions_customer_id` (`customer_id`),
  KEY `idx_decisions_branch_decided` (`branch_id`,`decided_at`),
  KEY `idx_decisions_industry_code` (`industry_code`),
  KEY `idx_decisions_outcome_decided` (`outcome`,`decided_at`),
  KEY `idx_decisions_stance_decided` (`stance`,`decided_at`),
  KEY `idx_decisions_policy_revision` (`policy_revision`),
  KEY `idx_decisions_decided_at` (`decided_at`),
  KEY `idx_decisions_requested_by` (`requested_by`),
  KEY `idx_decisions_applicant_name_hash` (`applicant_name_hash`),
  KEY `idx_decisions_applicant_id_hash` (`applicant_id_hash`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `idempotency_keys` (
  `principal` varchar(64) NOT NULL,
  `idem_key` varchar(128) NOT NULL,
  `body_sha256` varchar(64) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `state` varchar(8) NOT NULL,
  `owner` varchar(36) NOT NULL,
  `reserved_at` datetime(6) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`principal`,`idem_key`),
  KEY `idx_idempotency_keys_created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `loan_balances` (
  `loan_id` varchar(64) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `balance_fen` bigint(20) NOT NULL,
  `recorded_at` datetime(3) DEFAULT NULL,
  PRIMARY KEY (`loan_id`,`as_of`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `loans` (
  `loan_id` varchar(64) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `customer_id` varchar(64) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `green_category` varchar(16) NOT NULL,
  `green_category_version` varchar(8) NOT NULL DEFAULT '',
  `applicant_kind` varchar(24) NOT NULL DEFAULT '',
  `real_estate_purpose` varchar(24) NOT NULL DEFAULT '',
  `quasi_real_estate` tinyint(1) NOT NULL DEFAULT 0,
  `balance_fen` bigint(20) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `updated_at` datetime(3) DEFAULT NULL,
  PRIMARY KEY (`loan_id`),
  KEY `idx_loans_decision_id` (`decision_id`),
  KEY `idx_loans_customer_id` (`customer_id`),
  KEY `idx_loans_branch_id` (`branch_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `policy_actives` (
  `id` bigint(20) NOT NULL,
  `digest` varchar(71) NOT NULL,
  `activated_by` varchar(64) NOT NULL,
  `activated_at` datetime(6) NOT NULL,
  `approved_by` varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `policy_revisions` (
  `digest` varchar(71) NOT NULL,
  `revision` varchar(64) NOT NULL,
  `bundle` longblob NOT NULL,
  `source` varchar(255) NOT NULL,
  `uploaded_by` varchar(64) NOT NULL,
  `uploaded_at` datetime(6) NOT NULL,
  `activated_at` datetime(6) DEFAULT NULL,
  `approved_by` varchar(64) NOT NULL DEFAULT '',
  `approved_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`digest`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `review_heads` (
  `id` bigint(20) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `hash` varchar(64) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `reviews` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `review_id` varchar(36) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `step` bigint(20) NOT NULL,
  `action` varchar(8) NOT NULL,
  `exception_code` varchar(64) NOT NULL,
  `conditions` text NOT NULL,
  `rationale` text NOT NULL,
  `reviewer` varchar(64) NOT NULL,
  `reviewed_at` datetime(6) NOT NULL,
  `state` varchar(24) NOT NULL,
  `final_outcome` varchar(8) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `prev_hash` varchar(64) NOT NULL,
  `hash` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_reviews_review_id` (`review_id`),
  UNIQUE KEY `idx_reviews_decision_step` (`decision_id`,`step`),
  UNIQUE KEY `idx_reviews_seq` (`seq`),
  KEY `idx_reviews_exception_code` (`exception_code`),
  KEY `idx_reviews_reviewer` (`reviewer`),
  KEY `idx_reviews_reviewed_at` (`reviewed_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `tree_hashes` (
  `idx` bigint(20) NOT NULL,
  `hash` varbinary(32) NOT NULL,
  PRIMARY KEY (`idx`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `tree_ranges` (
  `start` bigint(20) NOT NULL,
  `chain_id` varchar(96) NOT NULL,
  `from_seq` bigint(20) unsigned NOT NULL,
  `count` bigint(20) NOT NULL,
  PRIMARY KEY (`start`),
  KEY `idx_tree_ranges_chain` (`chain_id`,`from_seq`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
-- The first schema is not taken down: it holds the decision log.
SELECT 1;
