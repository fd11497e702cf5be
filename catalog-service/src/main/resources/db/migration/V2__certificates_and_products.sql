-- OCOP certificates as the provincial office records them (Decision 148/QĐ-TTg): the expiry date
-- is stored as the decision gives it, never computed.
create table certificate (
    id                 uuid primary key,
    producer_id        uuid        not null references producer (id),
    decision_number    text        not null,
    stars              int         not null check (stars between 1 and 5),
    issuing_authority  text        not null,
    recognised_on      date        not null,
    expires_on         date        not null,
    recorded_at        timestamptz not null,
    check (expires_on > recognised_on),
    unique (producer_id, decision_number)
);

-- Products: prices in whole đồng (VND has no minor unit); stock never below zero.
create table product (
    id               uuid primary key,
    version          bigint      not null,
    producer_id      uuid        not null references producer (id),
    name             text        not null,
    description      text        not null,
    ocop_group       text        not null check (ocop_group in ('FOOD', 'BEVERAGES', 'HERBAL', 'TEXTILES', 'SOUVENIRS_DECORATION', 'RURAL_TOURISM')),
    gtin             char(14) unique,
    unit             text        not null,
    net_quantity     text        not null,
    price_vnd        bigint      not null check (price_vnd > 0),
    stock            int         not null check (stock >= 0),
    status           text        not null check (status in ('DRAFT', 'LISTED', 'DELISTED')),
    delist_reason    text,
    certificate_id   uuid references certificate (id),
    listed_at        timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index product_producer on product (producer_id);
create index product_listed_certificate on product (certificate_id) where status = 'LISTED';

-- Which products a certificate covers.
create table certificate_product (
    certificate_id  uuid not null references certificate (id),
    product_id      uuid not null references product (id) on delete cascade,
    primary key (certificate_id, product_id)
);
create index certificate_product_product on certificate_product (product_id);

-- Product photos in object storage: the server picks the keys; the first photo's thumbnail is the
-- product's picture in search results.
create table product_photo (
    id             uuid primary key,
    product_id     uuid        not null references product (id) on delete cascade,
    position       int         not null,
    object_key     text        not null,
    thumbnail_key  text        not null,
    content_type   text        not null,
    size_bytes     bigint      not null,
    created_at     timestamptz not null
);
create index product_photo_product on product_photo (product_id, position);

-- A suspended producer sells nothing until the office lifts the suspension.
alter table producer add column suspended boolean not null default false;
