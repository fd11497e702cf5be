-- A recall reaches every batch made from the recalled one, directly or through other batches: such a
-- batch is recalled too, and remembers which recall reached it, so that a scan can say so.
alter table batch
    add column recalled_via uuid references batch (id);
