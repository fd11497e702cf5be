-- Package jobs run on whichever instance holds their lease, and wait out failures instead of
-- ending at the first one.
--   lease_owner, lease_until: the instance working on the job and until when (database time); a job
--     whose holder stopped or hung is taken over once the lease has run out.
--   attempts: failures in a row; retry_at: when the next attempt may start; failure: the last
--     failure as the job's producer may read it.
alter table package_job
    add column lease_owner text,
    add column lease_until timestamptz,
    add column attempts    int not null default 0,
    add column retry_at    timestamptz,
    add column failure     text;

create index package_job_unfinished on package_job (started_at) where state = 'RUNNING';
