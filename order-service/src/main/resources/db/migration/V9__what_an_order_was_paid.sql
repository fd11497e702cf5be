-- What was paid for an order, which is what is owed back if it is cancelled. It is the order's total
-- unless the office applied a transfer short of the checkout's due (a bank's fee taken from it); that
-- transfer is then shared among the checkout's orders in proportion to their totals.
alter table customer_order add column paid_vnd bigint check (paid_vnd >= 0);

-- Orders paid before this column: their share of the transfer that paid them, rounded down.
update customer_order o
set paid_vnd = case
        when n.amount_vnd >= n.expected_vnd then o.total_vnd
        else floor(o.total_vnd::numeric * n.amount_vnd / n.expected_vnd)::bigint
    end
from payment_notification n
where n.transaction_id = o.payment_transaction and n.expected_vnd > 0;
