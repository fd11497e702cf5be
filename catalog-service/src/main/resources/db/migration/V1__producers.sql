-- Producers: the holders of OCOP certificates (cooperatives, enterprises, household businesses,
-- cooperative groups). Addresses follow the two-level administration in force since 1 July 2025:
-- province and commune; a district named by an older document is kept only as free text.
create table producer (
    id               uuid primary key,
    version          bigint       not null,
    name             text         not null,
    kind             text         not null check (kind in ('COOPERATIVE', 'ENTERPRISE', 'HOUSEHOLD_BUSINESS', 'COOPERATIVE_GROUP')),
    tax_code         text         not null unique,
    province         text         not null,
    commune          text         not null,
    legacy_district  text,
    street           text,
    latitude         double precision,
    longitude        double precision,
    phone            text         not null,
    verified         boolean      not null,
    registered_at    timestamptz  not null
);
