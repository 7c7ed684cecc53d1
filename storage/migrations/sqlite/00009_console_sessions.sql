-- The console's sessions (issue 24): see migrations/mysql/00009_console_sessions.sql.
-- +goose Up
CREATE TABLE `console_sessions` (
  `id_hash` text NOT NULL,
  `key_sha256` text NOT NULL,
  `principal` text NOT NULL,
  `csrf` text NOT NULL,
  `created_at` datetime NOT NULL,
  `last_seen_at` datetime NOT NULL,
  PRIMARY KEY (`id_hash`)
);
CREATE INDEX `idx_console_sessions_last_seen_at` ON `console_sessions` (`last_seen_at`);

-- +goose Down
DROP TABLE `console_sessions`;
