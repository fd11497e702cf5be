-- A transfer that arrives while the checkout's stock is still being reserved (the shopper paid from
-- the reference in the checkout's answer, before the code was ready) is held, not flagged: it is
-- applied once every order of the checkout is confirmed or rejected.
alter table payment_notification drop constraint payment_notification_outcome_check;
alter table payment_notification add constraint payment_notification_outcome_check
    check (outcome in ('PAID', 'AMOUNT_MISMATCH', 'UNKNOWN_REFERENCE', 'NOTHING_DUE', 'AWAITING_STOCK'));

drop index payment_notification_flagged;
create index payment_notification_flagged on payment_notification (received_at)
    where outcome not in ('PAID', 'AWAITING_STOCK');
create index payment_notification_held on payment_notification (checkout_id) where outcome = 'AWAITING_STOCK';
