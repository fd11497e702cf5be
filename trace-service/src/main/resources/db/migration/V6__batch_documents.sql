-- Documents of a batch (lab results, photos of the field or the workshop, certificates), kept in
-- object storage and shown to anyone who scans one of its packages.
create table batch_document (
    id            uuid primary key,
    batch_id      uuid        not null references batch (id),
    kind          text        not null check (kind in ('LAB_RESULT', 'PHOTO', 'CERTIFICATE', 'OTHER')),
    title         text        not null,
    content_type  text        not null,
    size_bytes    bigint      not null,
    object_key    text        not null,
    uploaded_at   timestamptz not null,
    uploaded_by   text        not null
);
create index batch_document_batch on batch_document (batch_id, uploaded_at);
