package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

public class ScratchInsert {
    public static void main(String[] args) throws Exception {
        EndpointResult big = TestRuns.builder().records(100_000).maxOutputTokens(256).seed(3).build();
        List<RequestRecord> recs = big.records();
        for (String mode : new String[] {"raw-tx", "raw-tx", "raw-tx-blob", "raw-noitl-blocks", "raw-noitl-blocks-blob", "raw-tx", "raw-tx-blob", "raw-noitl-blocks", "raw-noitl-blocks-blob"}) {
            Path dir = Files.createTempDirectory("scr");
            String url = "jdbc:h2:file:" + dir.resolve("db") + (mode.endsWith("nolog") ? "" : "");
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE blk (run_pk BIGINT, block INT, data " + (mode.contains("blocks-blob") ? "BLOB" : "VARBINARY") + ", PRIMARY KEY (run_pk, block))");
                    s.execute("CREATE TABLE r (run_pk BIGINT, ordinal INT, seq BIGINT, prompt_id VARCHAR(1000), cat VARCHAR(1000), a BIGINT, b BIGINT, c BIGINT, d BIGINT, e BIGINT, f BIGINT, g BIGINT, h INT, itl " + (mode.contains("blob") && !mode.contains("blocks") ? "BLOB" : "VARBINARY") + ", i INT, j VARCHAR(16), k INT, l VARCHAR(16), m INT, n BOOLEAN, o VARCHAR(32), p VARCHAR, q INT, rs VARCHAR, PRIMARY KEY (run_pk, ordinal))");
                }
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                c.setAutoCommit(mode.contains("autocommit"));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO r VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    int i = 0;
                    for (RequestRecord r : recs) {
                        ps.setLong(1, 1); ps.setInt(2, i); ps.setLong(3, r.sequence()); ps.setString(4, r.prompt().id()); ps.setString(5, r.prompt().category());
                        ps.setLong(6, r.startEpochMillis()); ps.setLong(7, r.scheduledNanos()); ps.setLong(8, r.sentNanos()); ps.setLong(9, r.firstChunkNanos()); ps.setLong(10, r.ttftNanos()); ps.setLong(11, r.e2eNanos()); ps.setLong(12, r.endNanos());
                        ps.setInt(13, r.contentChunks());
                        if (mode.contains("blob") && !mode.contains("blocks")) { byte[] b = pack(r.itlMicros()); if (b == null) ps.setNull(14, java.sql.Types.BLOB); else ps.setBinaryStream(14, new java.io.ByteArrayInputStream(b), b.length); }
                        else ps.setBytes(14, mode.contains("noitl") ? null : pack(r.itlMicros()));
                        ps.setInt(15, r.inputTokens()); ps.setString(16, r.inputSource().name()); ps.setInt(17, r.outputTokens()); ps.setString(18, r.outputSource().name()); ps.setInt(19, r.tokenizerOutputTokens()); ps.setBoolean(20, r.streamed());
                        ps.setString(21, r.failure() == null ? null : r.failure().name()); ps.setString(22, r.error()); ps.setInt(23, r.httpStatus()); ps.setString(24, r.responseSample());
                        ps.addBatch();
                        if (++i % 2000 == 0) ps.executeBatch();
                    }
                    ps.executeBatch();
                }
                if (mode.contains("blocks")) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO blk VALUES (1, ?, ?)")) {
                        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                        int block = 0;
                        for (int i = 0; i < recs.size(); i++) {
                            byte[] b = pack(recs.get(i).itlMicros());
                            if (b != null) buf.write(b);
                            if ((i + 1) % 1000 == 0 || i == recs.size() - 1) {
                                ps.setInt(1, block++);
                                byte[] d = buf.toByteArray();
                                if (mode.contains("blocks-blob")) ps.setBinaryStream(2, new java.io.ByteArrayInputStream(d), d.length); else ps.setBytes(2, d);
                                ps.executeUpdate();
                                buf.reset();
                            }
                        }
                    }
                }
                if (!c.getAutoCommit()) c.commit();
                System.out.printf("%-25s wall %.2f s, thread cpu %.2f s%n", mode, (System.nanoTime() - t0) / 1e9,
                        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
            }
            H2FileResultStoreTest.deleteRecursively(dir);
        }
    }

    static byte[] pack(int[] v) {
        if (v.length == 0) return null;
        byte[] out = new byte[v.length * 5];
        int p = 0;
        for (int x : v) { int z = (x << 1) ^ (x >> 31); while ((z & ~0x7F) != 0) { out[p++] = (byte) ((z & 0x7F) | 0x80); z >>>= 7; } out[p++] = (byte) z; }
        return java.util.Arrays.copyOf(out, p);
    }
}
