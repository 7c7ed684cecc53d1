-- The book's totals lose the version in their table's name: book_totals_v2 becomes book_totals.
-- A database first made by rules version 1 still holds that version's book_totals (keyed by
-- branch, industry and green only), superseded since: it is dropped first. When the totals are
-- empty but the book is not, the service fills them from the loans at start (storage.Open).
-- +goose Up
DROP TABLE IF EXISTS `book_totals`;
RENAME TABLE `book_totals_v2` TO `book_totals`;

-- +goose Down
RENAME TABLE `book_totals` TO `book_totals_v2`;
