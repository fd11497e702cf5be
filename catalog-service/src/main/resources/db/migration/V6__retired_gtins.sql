-- A deleted product's GTIN stays with it: its packages' labels carry the GTIN, and the traceability
-- service still answers their scans with that product. GS1 never gives a GTIN to another trade item,
-- and neither does the catalogue: a GTIN here is refused to any new product.
create table retired_gtin (
    gtin         char(14)    primary key,
    product_id   uuid        not null,
    producer_id  uuid        not null,
    retired_at   timestamptz not null
);
