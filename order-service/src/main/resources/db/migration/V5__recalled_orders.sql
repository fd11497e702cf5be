-- Orders whose parcels held packages of a recalled batch: the office contacts those shoppers.
create table order_recall (
    order_id      uuid        not null references customer_order (id),
    batch_id      uuid        not null,
    gtin          text,
    lot           text        not null,
    reason        text        not null,
    recalled_at   timestamptz not null,
    contacted_at  timestamptz,
    primary key (order_id, batch_id)
);
