package io.llmbench.store.internal;

import io.llmbench.core.FailureKind;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.workload.PromptInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;

/**
 * Walks a run's record rows and its gap blocks side by side, both in ordinal order, joining each
 * record with its inter-token gaps. Holds two open result sets; not thread-safe; close it.
 */
final class RecordCursor implements Iterator<RequestRecord>, AutoCloseable {
    private static final int[] NONE = new int[0];

    private final String endpointName;
    private final ResultIterator<Block> blocks;
    private final ResultIterator<RequestRecord> rows;
    private Block block;
    private ItlCodec.Unpacker unpacker;

    private record Block(int first, int count, byte[] gaps) {
    }

    /**
     * @param rowsQuery    the run's record rows ordered by ordinal (columns {@link RunReader#REQUEST_COLUMNS})
     * @param blocksQuery  the run's gap blocks ordered by first ordinal
     * @param endpointName the run's endpoint name, for rows whose endpoint column is NULL
     */
    RecordCursor(Query rowsQuery, Query blocksQuery, String endpointName, int fetchSize) {
        this.endpointName = endpointName;
        this.blocks = blocksQuery.setFetchSize(4)
                .map((rs, ctx) -> new Block(rs.getInt("first_ordinal"), rs.getInt("record_count"), rs.getBytes("gaps")))
                .iterator();
        ResultIterator<RequestRecord> r;
        try {
            r = rowsQuery.setFetchSize(fetchSize).map((rs, ctx) -> record(rs)).iterator();
        } catch (RuntimeException e) {
            blocks.close();
            throw e;
        }
        this.rows = r;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public RequestRecord next() {
        return rows.next();
    }

    @Override
    public void close() {
        try {
            rows.close();
        } finally {
            blocks.close();
        }
    }

    private RequestRecord record(ResultSet rs) throws SQLException {
        String endpoint = rs.getString("endpoint");
        String failure = rs.getString("failure");
        return new RequestRecord(endpoint == null ? endpointName : endpoint, rs.getLong("seq"),
                new PromptInfo(rs.getString("prompt_id"), rs.getString("prompt_category"), rs.getString("prompt_length"),
                        rs.getString("prompt_complexity")),
                rs.getLong("start_epoch_ms"), rs.getLong("scheduled_ns"), rs.getLong("sent_ns"),
                rs.getLong("first_chunk_ns"), rs.getLong("ttft_ns"), rs.getLong("e2e_ns"), rs.getLong("end_ns"),
                rs.getInt("content_chunks"), gaps(rs.getInt("ordinal"), rs.getInt("itl_count")),
                rs.getInt("input_tokens"), TokenSource.valueOf(rs.getString("input_source")),
                rs.getInt("output_tokens"), TokenSource.valueOf(rs.getString("output_source")),
                rs.getInt("tokenizer_output_tokens"), rs.getBoolean("streamed"),
                failure == null ? null : FailureKind.valueOf(failure), rs.getString("error_message"),
                rs.getInt("http_status"), rs.getString("response_sample"), writtenNanos(rs));
    }

    private static long writtenNanos(ResultSet rs) throws SQLException {
        long v = rs.getLong("written_ns");
        return rs.wasNull() ? -1 : v;
    }

    /** The gaps of the record at {@code ordinal}, from the block that covers it. */
    private int[] gaps(int ordinal, int count) {
        if (count == 0) {
            return NONE;
        }
        while (block == null || ordinal >= block.first() + block.count()) {
            if (block != null && !unpacker.exhausted()) {
                throw new IllegalStateException("the gap block at record " + block.first()
                        + " must hold exactly the gaps of its records, but holds more");
            }
            if (!blocks.hasNext()) {
                throw new IllegalStateException("a gap block must cover record " + ordinal + " (" + count + " gaps), but none does");
            }
            block = blocks.next();
            unpacker = new ItlCodec.Unpacker(block.gaps());
        }
        if (ordinal < block.first()) {
            throw new IllegalStateException("a gap block must cover record " + ordinal + ", but the next starts at " + block.first());
        }
        try {
            return unpacker.next(count);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the gaps of record " + ordinal + " are corrupt: " + e.getMessage(), e);
        }
    }
}
