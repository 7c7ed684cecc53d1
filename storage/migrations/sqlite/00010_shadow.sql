-- Shadow evaluation (issue 25): see migrations/mysql/00010_shadow.sql.
-- +goose Up
CREATE TABLE `policy_shadows` (
  `id` integer NOT NULL,
  `digest` text NOT NULL,
  `revision` text NOT NULL,
  `until` datetime,
  `started_by` text NOT NULL,
  `started_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
);
CREATE TABLE `shadow_results` (
  `decision_id` text NOT NULL,
  `shadow_digest` text NOT NULL,
  `decided_at` datetime NOT NULL,
  `branch_id` text NOT NULL,
  `industry_code` text NOT NULL,
  `active_outcome` text NOT NULL,
  `active_stance` text NOT NULL,
  `active_green` numeric NOT NULL,
  `active_reason_codes` text NOT NULL,
  `outcome` text NOT NULL,
  `stance` text NOT NULL,
  `green` numeric NOT NULL,
  `reason_codes` text NOT NULL,
  `error` text NOT NULL,
  `evaluated_at` datetime NOT NULL,
  PRIMARY KEY (`decision_id`, `shadow_digest`)
);
CREATE INDEX `idx_shadow_results_digest_decided` ON `shadow_results` (`shadow_digest`, `decided_at`);

-- +goose Down
DROP TABLE `shadow_results`;
DROP TABLE `policy_shadows`;
