-- One database per service: no service reads another's tables.
create database catalog_service;
create database order_service;
create database trace_service;
