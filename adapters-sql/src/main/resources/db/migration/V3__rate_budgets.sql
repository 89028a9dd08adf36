-- The provider account's request rate, spent together by the instances that share the database (GCRA: the
-- theoretical arrival time of the next request, in microseconds of the database's clock, so that every instance
-- reads the same clock). SQLite holds the table too, unused: one instance has its own limits only.
CREATE TABLE rate_budgets (
    name                TEXT   NOT NULL PRIMARY KEY,
    theoretical_arrival BIGINT NOT NULL
);

INSERT INTO rate_budgets (name, theoretical_arrival) VALUES ('provider', 0);
