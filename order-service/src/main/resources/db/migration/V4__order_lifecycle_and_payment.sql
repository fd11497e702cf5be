-- The order saga and lifecycle: what the catalogue answered, when each order entered its state, and
-- how checkouts are paid by bank transfer.

-- The short ASCII reference a shopper's bank echoes in the transfer, so that its notification finds
-- the checkout: OCOP and eight Crockford base-32 characters.
alter table checkout add column payment_reference text;
update checkout set payment_reference = 'OCOP' || upper(substr(md5(id::text), 1, 8)) where payment_reference is null;
alter table checkout alter column payment_reference set not null;
alter table checkout add constraint checkout_payment_reference unique (payment_reference);

alter table customer_order
    add column state_since          timestamptz,
    add column shortages            jsonb,
    add column package_serials      text[],
    add column stock_released_at    timestamptz,
    add column cancel_reason        text,
    add column payment_transaction  text;
update customer_order set state_since = placed_at where state_since is null;
alter table customer_order alter column state_since set not null;
alter table customer_order add constraint customer_order_state check (
    state in ('PLACED', 'CONFIRMED', 'REJECTED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'));
create index customer_order_open on customer_order (state, state_since)
    where state in ('PLACED', 'CONFIRMED', 'SHIPPED');
create index customer_order_checkout on customer_order (checkout_id);

alter table order_state_change add column seq bigserial;
alter table order_state_change add column note text;

-- Every transfer notification the bank sent, once per bank transaction. Anything but PAID is for
-- the office to look at (flagged).
create table payment_notification (
    transaction_id  text primary key,
    amount_vnd      bigint      not null,
    reference       text        not null,
    checkout_id     uuid references checkout (id),
    outcome         text        not null check (outcome in ('PAID', 'AMOUNT_MISMATCH', 'UNKNOWN_REFERENCE', 'NOTHING_DUE')),
    expected_vnd    bigint,
    received_at     timestamptz not null
);
create index payment_notification_flagged on payment_notification (received_at) where outcome <> 'PAID';
