-- The office settles a flagged transfer: APPLIED pays the checkout's confirmed orders with it (an
-- amount off by a bank's fee, a reference mistyped); SETTLED records that it was dealt with otherwise
-- (refunded, say). Either way with who, when and a note; a settled transfer is no longer flagged.
alter table payment_notification
    add column resolution       text check (resolution in ('APPLIED', 'SETTLED')),
    add column resolution_note  text,
    add column resolved_by      text,
    add column resolved_at      timestamptz;

-- A transaction the bank sends again with another amount or description: the first is the one
-- that counted; each differing repeat is kept here and flags the transaction for the office until
-- the office settles it.
create table payment_notification_repeat (
    transaction_id  text        not null references payment_notification (transaction_id),
    amount_vnd      bigint      not null,
    reference       text        not null,
    received_at     timestamptz not null,
    settled_at      timestamptz,
    settled_by      text,
    settle_note     text
);
create index payment_notification_repeat_transaction on payment_notification_repeat (transaction_id);

drop index payment_notification_flagged;
create index payment_notification_received on payment_notification (received_at desc, transaction_id);
-- A checkout's transfers: whether one holds its orders from expiring is asked at every expiry.
create index payment_notification_checkout on payment_notification (checkout_id);
