-- One recognition decision rates many products, each with its own stars: a cooperative's honey at
-- four stars and its wine at three, or a product the office records under the decision later. So a
-- producer may hold several certificates of one decision; what stays unique is each product's entry
-- in it, which recording checks under a lock of its own (Certificates.record).
alter table certificate drop constraint certificate_producer_id_decision_number_key;
create index certificate_decision on certificate (producer_id, decision_number);
