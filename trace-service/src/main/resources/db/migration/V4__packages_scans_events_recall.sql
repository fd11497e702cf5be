-- Packages: one row per printed QR code. The serial (GS1 AI 21) is 20 characters of a 32-symbol
-- alphabet (100 random bits), unique across the platform, so a serial alone names its package.
create table package (
    serial         varchar(20) primary key,
    batch_id       uuid        not null references batch (id),
    created_at     timestamptz not null,
    order_id       uuid,
    shipped_at     timestamptz,
    scan_count     bigint      not null default 0,
    first_scan_at  timestamptz,
    last_scan_at   timestamptz
);
create index package_batch on package (batch_id, created_at, serial);
create index package_order on package (order_id) where order_id is not null;

-- A request for many packages runs in the background and reports its progress here.
create table package_job (
    id            uuid primary key,
    batch_id      uuid        not null references batch (id),
    requested     int         not null check (requested between 1 and 10000),
    created       int         not null default 0,
    state         text        not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    requested_by  text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    label_sheet_key text
);

-- Every resolution of a package's code: when, and coarse facts of the client; nothing personal
-- (no address, no full user agent).
create table package_scan (
    id           bigserial primary key,
    serial       varchar(20) not null,
    at           timestamptz not null,
    client_kind  text        not null,
    language     text
);
create index package_scan_serial on package_scan (serial, at);

-- What happened to a batch, in EPCIS 2.0 terms. Append-only: a correction is a new event that
-- names the one it corrects.
create table trace_event (
    id                 uuid primary key,
    batch_id           uuid        not null references batch (id),
    event_type         text        not null,
    biz_step           text        not null,
    disposition        text,
    event_time         timestamptz not null,
    event_time_offset  text        not null,
    read_point         text,
    biz_location       text,
    who                text        not null,
    notes              text,
    attachments        jsonb       not null default '[]',
    corrects           uuid references trace_event (id),
    recorded_at        timestamptz not null,
    recorded_by        text        not null
);
create index trace_event_batch on trace_event (batch_id, event_time);

-- One step back: the batches a batch was made from (tea leaves -> dried tea).
create table batch_input (
    batch_id        uuid not null references batch (id),
    input_batch_id  uuid not null references batch (id),
    primary key (batch_id, input_batch_id),
    check (batch_id <> input_batch_id)
);

alter table batch
    add column recalled_at    timestamptz,
    add column recall_reason  text;
