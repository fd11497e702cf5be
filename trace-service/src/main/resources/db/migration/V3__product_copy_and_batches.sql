-- This service's copy of the products it traces, kept from the catalogue's product events.
create table product_copy (
    id             uuid primary key,
    version        bigint      not null,
    producer_id    uuid        not null,
    name           text        not null,
    gtin           char(14),
    listed         boolean     not null,
    stars          int,
    thumbnail_key  text,
    updated_at     timestamptz not null default now()
);

-- Batches and their origin. The lot is a GS1 lot (AI 10): 1-20 characters of CSET 82, unique per
-- product; place names live here, never in the code.
create table batch (
    id              uuid primary key,
    version         bigint      not null,
    product_id      uuid        not null references product_copy (id),
    producer_id     uuid        not null,
    lot             varchar(20) not null,
    quantity        bigint      not null check (quantity > 0),
    unit            text        not null,
    origin_name     text        not null,
    province        text        not null,
    commune         text        not null,
    latitude        double precision,
    longitude       double precision,
    area_hectares   double precision,
    produced_on     date        not null,
    expires_on      date        not null,
    inputs          jsonb       not null,
    certifications  jsonb       not null,
    registered_at   timestamptz not null,
    unique (product_id, lot),
    check (expires_on >= produced_on)
);
