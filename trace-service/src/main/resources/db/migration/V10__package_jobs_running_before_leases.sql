-- Jobs running when leases came in (V9) may still be worked on by instances of the previous
-- version (no lease, no row lock) during a rolling upgrade: they stay theirs for five minutes, and
-- are taken up after that, from where they were, if nobody finished them.
update package_job set lease_owner = 'before-v9', lease_until = now() + interval '5 minutes'
where state = 'RUNNING';
