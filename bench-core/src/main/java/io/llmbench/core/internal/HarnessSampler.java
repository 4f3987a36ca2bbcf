package io.llmbench.core.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.llmbench.core.HarnessHealth;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the harness's health while a measured phase runs (see {@link HarnessHealth}): a probe
 * task every {@link HarnessHealth#PROBE_PERIOD_MILLIS} ms on each given scheduler (or on a shared
 * timer thread when there are none) records how late it ran, a run late by several periods
 * also standing for the runs it crowded out; process CPU time, the machine's
 * CPU load and the collectors' pause time are read at start and stop, and GC notifications give the
 * longest pause. Cost: one short task per probed scheduler per millisecond, shared by all samplers
 * running at once, and one GC listener per sampler. Thread-safe;
 * {@link #stop} once. Not API.
 */
public final class HarnessSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarnessSampler.class);
    private static final long PERIOD_NANOS = Math.round(HarnessHealth.PROBE_PERIOD_MILLIS * 1e6);
    private static final long PERIOD_MICROS = PERIOD_NANOS / 1_000;

    /** The timer thread probed for clients without event loops; shared, and idle when nobody samples. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final List<Probe> probes = new ArrayList<>();
    private final List<SingleWriterRecorder> recorders = new ArrayList<>();
    private final int probedLoops;
    private final long startNanos;
    private final long startCpuNanos;
    private final long[] startGc;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final LongAccumulator maxPauseMillis = new LongAccumulator(Math::max, 0);
    private final NotificationListener gcListener = this::onGc;
    private final AtomicLong stopped = new AtomicLong();

    private HarnessSampler(List<ScheduledExecutorService> loops) {
        List<ScheduledExecutorService> distinct = List.copyOf(new LinkedHashSet<>(loops));
        List<ScheduledExecutorService> targets = distinct.isEmpty() ? List.of(TIMER) : distinct;
        probedLoops = distinct.size();
        machineCpuLoad();
        startCpuNanos = processCpuNanos();
        startGc = gcTotals();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (b instanceof NotificationEmitter e && isPause(b.getName())) {
                e.addNotificationListener(gcListener, null, null);
                emitters.add(e);
            }
        }
        startNanos = System.nanoTime();
        for (ScheduledExecutorService s : targets) {
            Probe p = Probe.on(s);
            probes.add(p);
            recorders.add(p.listen());
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "llmbench-health-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setKeepAliveTime(10, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    /**
     * Starts sampling.
     *
     * @param loops the client's event loops; empty to probe the sampler's shared timer thread
     */
    public static HarnessSampler start(List<ScheduledExecutorService> loops) {
        return new HarnessSampler(List.copyOf(loops));
    }

    /**
     * Stops sampling and judges what was sampled.
     *
     * @param scheduleLagP99Millis the run's schedule-lag p99 in rate modes, NaN otherwise
     * @param capWaits             sends that waited for a concurrency cap; the lag is judged only when 0
     */
    public HarnessHealth stop(double scheduleLagP99Millis, long capWaits) {
        long now = System.nanoTime();
        if (!stopped.compareAndSet(0, now)) {
            throw new IllegalStateException("the harness sampler was already stopped");
        }
        long cpu = processCpuNanos() - startCpuNanos;
        double machine = machineCpuLoad();
        long[] gc = gcTotals();
        release();
        Histogram lag = Histograms.newHistogram();
        long samples = 0;
        for (SingleWriterRecorder r : recorders) {
            Histogram h = r.getIntervalHistogram();
            samples += h.getTotalCount();
            lag.add(h);
        }
        double seconds = (now - startNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuShare = startCpuNanos < 0 || cpu < 0 || now == startNanos ? Double.NaN
                : Math.min(1.0, cpu / ((double) (now - startNanos) * cores));
        return HarnessHealth.assess(probedLoops, samples, millis(lag, 50), millis(lag, 99),
                samples == 0 ? Double.NaN : lag.getMaxValue() / 1e3, cpuShare, cores, machine, gc[0] - startGc[0],
                gc[1] - startGc[1], maxPauseMillis.get(), scheduleLagP99Millis,
                !Double.isNaN(scheduleLagP99Millis) && capWaits == 0, capWaits, seconds);
    }

    /** Stops the probes and the GC listener without judging; idempotent. */
    @Override
    public void close() {
        stopped.compareAndSet(0, System.nanoTime());
        release();
    }

    private synchronized void release() {
        for (int i = 0; i < probes.size(); i++) {
            probes.get(i).unlisten(recorders.get(i));
        }
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(gcListener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already removed
            }
        }
        emitters.clear();
    }

    private void onGc(Notification n, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            maxPauseMillis.accumulate(info.getGcInfo().getDuration());
        }
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
    }

    /**
     * Whether a collector's bean reports pauses: concurrent collectors (ZGC, Shenandoah) report
     * their cycles on a separate bean whose time is mostly concurrent work, not pauses.
     */
    static boolean isPause(String collectorName) {
        return !collectorName.endsWith("Cycles");
    }

    /** Stop-the-world collections and their milliseconds so far. */
    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isPause(b.getName())) {
                count += Math.max(0, b.getCollectionCount());
                millis += Math.max(0, b.getCollectionTime());
            }
        }
        return new long[] {count, millis};
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The machine's CPU load since the previous call (the JDK keeps the previous reading), or NaN. */
    private static double machineCpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getCpuLoad();
            return load < 0 ? Double.NaN : load;
        }
        return Double.NaN;
    }

    /**
     * The probe on one scheduler, shared by every sampler that watches it (one task per scheduler
     * however many endpoints run at once): runs every period while someone listens and records its
     * lateness in microseconds into each listener's recorder. Runs are sequential (each schedules
     * the next), so each recorder has one writer at a time; the recorder lets {@link #stop} read
     * concurrently.
     */
    private static final class Probe implements Runnable {
        /** The probes listened to, by scheduler; a probe leaves when its last listener does. Guarded by itself. */
        private static final Map<ScheduledExecutorService, Probe> PROBES = new HashMap<>();
        private final ScheduledExecutorService scheduler;
        private final List<SingleWriterRecorder> recorders = new CopyOnWriteArrayList<>();
        /** Guarded by this. */
        private boolean scheduled;
        /** Written before each schedule, read by the run it scheduled. */
        private long due;

        private Probe(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
        }

        static Probe on(ScheduledExecutorService scheduler) {
            synchronized (PROBES) {
                return PROBES.computeIfAbsent(scheduler, Probe::new);
            }
        }

        synchronized SingleWriterRecorder listen() {
            SingleWriterRecorder r = new SingleWriterRecorder(Histograms.SIGNIFICANT_DIGITS);
            recorders.add(r);
            if (!scheduled) {
                scheduled = true;
                scheduleNext();
            }
            return r;
        }

        synchronized void unlisten(SingleWriterRecorder r) {
            recorders.remove(r);
        }

        /** Called with the lock held or from the probe's own run. */
        private void scheduleNext() {
            due = System.nanoTime() + PERIOD_NANOS;
            try {
                scheduler.schedule(this, PERIOD_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                retire();
                LOG.debug("harness probe stopped: its scheduler no longer accepts tasks", e);
            }
        }

        @Override
        public void run() {
            long late = Math.max(0, System.nanoTime() - due) / 1_000;
            for (SingleWriterRecorder r : recorders) {
                // a probe late by k periods stands for the k probes that could not run meanwhile
                // (as jHiccup does), so a stall weighs by its length, not as a single sample
                r.recordValueWithExpectedInterval(late, PERIOD_MICROS);
            }
            synchronized (this) {
                if (recorders.isEmpty()) {
                    scheduled = false;
                } else {
                    scheduleNext();
                    return;
                }
            }
            synchronized (PROBES) {
                PROBES.remove(scheduler, this);
            }
        }

        /** Stops rescheduling and leaves the registry (a later listener starts a new probe). */
        private void retire() {
            synchronized (this) {
                scheduled = false;
            }
            synchronized (PROBES) {
                PROBES.remove(scheduler, this);
            }
        }
    }
}
