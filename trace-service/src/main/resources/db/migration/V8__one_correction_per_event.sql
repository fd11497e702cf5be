-- A trace event is corrected once; a later correction corrects the correction. Two corrections of one
-- event racing past the service's check meet here, and the second is refused as a duplicate.
create unique index trace_event_one_correction on trace_event (corrects) where corrects is not null;
