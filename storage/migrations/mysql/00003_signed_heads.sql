-- Signed heads (issue 27): each chain's head carries the note the writer signed over it (chain,
-- last record, its hash, time, closed or not), written with every batch in the same transaction;
-- the review chain's head likewise. Heads of the releases before are '' (covered by checkpoints).
-- +goose Up
ALTER TABLE `decision_chains` ADD COLUMN `head_note` varchar(1024) NOT NULL DEFAULT '';
ALTER TABLE `review_heads` ADD COLUMN `head_note` varchar(1024) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE `review_heads` DROP COLUMN `head_note`;
ALTER TABLE `decision_chains` DROP COLUMN `head_note`;
