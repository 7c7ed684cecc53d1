-- Shadow evaluation (issue 25): the revision in shadow (one row while a shadow is on), and each
-- decision's evaluation under it, beside the decision and outside its hash-chained record, with
-- the decision's own verdict copied for the report.
-- +goose Up
CREATE TABLE `policy_shadows` (
  `id` bigint(20) NOT NULL,
  `digest` varchar(71) NOT NULL,
  `revision` varchar(64) NOT NULL,
  `until` datetime(6) DEFAULT NULL,
  `started_by` varchar(64) NOT NULL,
  `started_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `shadow_results` (
  `decision_id` varchar(36) NOT NULL,
  `shadow_digest` varchar(71) NOT NULL,
  `decided_at` datetime(6) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `active_outcome` varchar(8) NOT NULL,
  `active_stance` varchar(8) NOT NULL,
  `active_green` tinyint(1) NOT NULL,
  `active_reason_codes` varchar(1024) NOT NULL,
  `outcome` varchar(8) NOT NULL,
  `stance` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `reason_codes` varchar(1024) NOT NULL,
  `error` varchar(500) NOT NULL,
  `evaluated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`decision_id`, `shadow_digest`),
  KEY `idx_shadow_results_digest_decided` (`shadow_digest`, `decided_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE `shadow_results`;
DROP TABLE `policy_shadows`;
