-- Scans of one package in the same second by the same kind of client, in the same language, are
-- one row with a count: a package passed round a market stall, or a burst of scans of a copied
-- label, is then a few rows, not one per scan. Times are kept to the second.
alter table package_scan add column scans integer not null default 1;
