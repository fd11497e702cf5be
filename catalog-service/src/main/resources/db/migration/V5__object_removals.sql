-- Stored objects that must go, so that none is left behind when object storage is away or the
-- service stops at the wrong moment: a deleted photo's or product's, written in the deleting
-- transaction; and an upload's, written before the upload and taken back in the transaction that
-- records the photo. Each is removed once due and then forgotten; one that could not be removed
-- stays, due again later each time.
create table object_removal (
    object_key  text        primary key,
    due_at      timestamptz not null,
    attempts    int         not null default 0,
    last_error  text
);
create index object_removal_due on object_removal (due_at);
