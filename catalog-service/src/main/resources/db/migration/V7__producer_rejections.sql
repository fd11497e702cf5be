-- The office may reject a self-registration it cannot verify (often one that names a tax code that is
-- not the registrant's). A rejected registration stays on record, with the office's reason, but no
-- longer holds its tax code: the code's real holder can then be registered.
alter table producer
    add column rejected_at      timestamptz,
    add column rejection_reason text,
    add constraint producer_rejection_check check ((rejected_at is null) = (rejection_reason is null)),
    add constraint producer_rejected_unverified_check check (rejected_at is null or not verified);

alter table producer drop constraint producer_tax_code_key;
create unique index producer_tax_code_key on producer (tax_code) where rejected_at is null;
