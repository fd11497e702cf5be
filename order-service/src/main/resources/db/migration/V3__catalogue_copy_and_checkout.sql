-- The order service's own copy of what it needs of the catalogue: whether a product is for sale,
-- its price and its producer. Placing an order never asks the catalogue.
create table product_copy (
    id           uuid primary key,
    version      bigint      not null,
    producer_id  uuid        not null,
    name         text        not null,
    price_vnd    bigint      not null,
    listed       boolean     not null,
    updated_at   timestamptz not null default now()
);

-- A checkout: one shopper's purchase from one or more producers, placed once per Idempotency-Key.
create table checkout (
    id               uuid primary key,
    shopper          text        not null,
    idempotency_key  text        not null,
    request_hash     text        not null,
    total_vnd        bigint      not null,
    delivery         jsonb       not null,
    created_at       timestamptz not null,
    unique (shopper, idempotency_key)
);

-- One order per producer in a checkout. "order" is a reserved word, hence customer_order.
create table customer_order (
    id           uuid primary key,
    version      bigint      not null,
    checkout_id  uuid        not null references checkout (id),
    shopper      text        not null,
    producer_id  uuid        not null,
    state        text        not null,
    total_vnd    bigint      not null check (total_vnd > 0),
    placed_at    timestamptz not null
);
create index customer_order_shopper on customer_order (shopper);
create index customer_order_producer on customer_order (producer_id);

create table order_line (
    order_id        uuid   not null references customer_order (id),
    position        int    not null,
    product_id      uuid   not null,
    name            text   not null,
    unit_price_vnd  bigint not null,
    quantity        int    not null check (quantity > 0),
    primary key (order_id, position)
);

-- Every state an order has been in, with when.
create table order_state_change (
    order_id  uuid        not null references customer_order (id),
    state     text        not null,
    at        timestamptz not null
);
create index order_state_change_order on order_state_change (order_id, at);
