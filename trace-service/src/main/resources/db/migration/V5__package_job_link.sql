-- Which request issued a package, so that each request's label sheet holds exactly its packages.
alter table package add column job_id uuid references package_job (id);
create index package_by_job on package (job_id, created_at, serial);
