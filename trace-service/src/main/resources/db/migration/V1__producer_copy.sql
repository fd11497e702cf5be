-- This service's own copy of the producers it needs, kept from the catalogue's events.
-- A row only moves forward: an event older than the stored version changes nothing.
create table producer_copy (
    id               uuid primary key,
    version          bigint      not null,
    name             text        not null,
    kind             text        not null,
    province         text        not null,
    commune          text        not null,
    legacy_district  text,
    verified         boolean     not null,
    updated_at       timestamptz not null default now()
);
