-- When each request's bytes were fully written, from its send (nanoseconds): the client-side send
-- delay. NULL for records that do not have it (saved before this column, or from a client that
-- does not report it).
ALTER TABLE llmbench_request ADD COLUMN written_ns BIGINT;
