-- The catalogue now publishes suspensions (ProducerUpdated); a suspended producer sells nothing.
alter table producer_copy add column suspended boolean not null default false;
