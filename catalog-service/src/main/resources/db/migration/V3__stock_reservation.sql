-- The catalogue's answer to each order it was asked to reserve: all of the order's lines or none.
-- RESERVED holds the stock until the order is cancelled or expires (RELEASED); REJECTED took nothing;
-- VOID marks an order withdrawn before its reservation was decided, so that it is never reserved.
create table stock_reservation (
    order_id     uuid primary key,
    state        text        not null check (state in ('RESERVED', 'REJECTED', 'RELEASED', 'VOID')),
    lines        jsonb       not null,
    decided_at   timestamptz not null,
    released_at  timestamptz
);
