-- Shipped by ocop-messaging: every service that uses the outbox gets these tables from its own
-- Flyway run (the file sits on the default location classpath:db/migration).

-- Events written in the same transaction as the change they record, relayed to Kafka afterwards.
create table outbox_event (
    id            bigserial primary key,
    event_id      uuid        not null unique,
    topic         text        not null,
    record_key    text        not null,
    event_type    text        not null,
    payload       text        not null,
    occurred_at   timestamptz not null,
    traceparent   text,
    created_at    timestamptz not null default now()
);

-- What each consumer has already processed, so that a redelivered event changes nothing.
create table processed_event (
    consumer      text        not null,
    event_id      uuid        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
