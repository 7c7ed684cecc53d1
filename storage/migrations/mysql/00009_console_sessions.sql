-- The console's sessions (issue 24): a signed-in browser's session, by the sha256 of its cookie's
-- token (the token itself is never stored), with the API key that signed in (its sha256), the
-- principal's name, the session's CSRF token and its times (idle and absolute expiry).
-- +goose Up
CREATE TABLE `console_sessions` (
  `id_hash` varchar(64) NOT NULL,
  `key_sha256` varchar(64) NOT NULL,
  `principal` varchar(64) NOT NULL,
  `csrf` varchar(64) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `last_seen_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id_hash`),
  KEY `idx_console_sessions_last_seen_at` (`last_seen_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE `console_sessions`;
