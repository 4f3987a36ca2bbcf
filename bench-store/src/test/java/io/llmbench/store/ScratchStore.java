package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

public class ScratchStore {
    public static void main(String[] args) throws Exception {
        int max = Integer.parseInt(args[0]);
        EndpointResult big = TestRuns.builder().records(100_000).maxOutputTokens(max).seed(3).build();
        for (int k = 0; k < 3; k++) {
            Path dir = Files.createTempDirectory("scr");
            try (ResultStore s = args.length > 1 ? ResultStore.h2InMemory("x" + k) : ResultStore.h2File(dir.resolve("db"))) {
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long p0 = os.getProcessCpuTime();
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                s.save(big);
                System.out.printf("store save wall %.2f s, thread cpu %.2f s, process cpu %.2f s%n", (System.nanoTime() - t0) / 1e9,
                        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9, (os.getProcessCpuTime() - p0) / 1e9);
            }
            H2FileResultStoreTest.deleteRecursively(dir);
        }
    }
}
