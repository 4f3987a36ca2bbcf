-- An application's own table, migrated by the application's own Flyway (history: flyway_schema_history).
CREATE TABLE orders (id INTEGER PRIMARY KEY, item VARCHAR(100) NOT NULL);
