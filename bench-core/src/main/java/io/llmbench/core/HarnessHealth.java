package io.llmbench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the harness itself kept up while it measured an endpoint: the answer to "is the client
 * the bottleneck?", sampled during the measured phase of every run and judged against the
 * thresholds below. Immutable and thread-safe.
 *
 * <p><b>What is sampled.</b> While the measured phase runs, a probe task is scheduled every
 * millisecond ({@link #PROBE_PERIOD_MILLIS}) on each event loop of the client
 * ({@link io.llmbench.core.spi.InferenceClient#eventLoops()}); how late it runs is the loop's lag,
 * the delay any response byte read by that loop waited before it was timestamped. A probe late by
 * several periods is also counted for the probes it crowded out (late by one period less, two
 * less, …), so the percentiles are those of a task due at any moment, however long a stall. A client
 * without event loops gets the probe on a dedicated timer thread instead ({@code probedLoops} is
 * then 0): that measures how late the JVM and the machine let any thread run (CPU starvation, GC
 * and other safepoints), not queueing inside the client. Beside it: the process CPU time against
 * the cores the JVM may use, the stop-the-world GC pauses, and in rate modes the schedule lag.
 *
 * <p><b>Verdict.</b> {@link Verdict#OVERLOADED} when any figure passes its overloaded threshold,
 * otherwise {@link Verdict#SUSPECT} when any passes its suspect threshold, otherwise
 * {@link Verdict#OK}; {@code reasons} says in words which figure passed which threshold and which
 * results to distrust. The thresholds:
 * <table>
 * <caption>thresholds</caption>
 * <tr><th>figure</th><th>suspect above</th><th>overloaded above</th></tr>
 * <tr><td>loop lag p99</td><td>{@value #LOOP_LAG_P99_SUSPECT_MILLIS} ms</td><td>{@value #LOOP_LAG_P99_OVERLOADED_MILLIS} ms</td></tr>
 * <tr><td>process CPU share of the available cores</td><td>{@value #CPU_SHARE_SUSPECT}</td><td>{@value #CPU_SHARE_OVERLOADED}</td></tr>
 * <tr><td>GC pause time share of the sampled time</td><td>{@value #GC_PAUSE_SHARE_SUSPECT}</td><td>{@value #GC_PAUSE_SHARE_OVERLOADED}</td></tr>
 * <tr><td>longest GC pause</td><td>{@value #GC_PAUSE_MAX_SUSPECT_MILLIS} ms</td><td>–</td></tr>
 * <tr><td>schedule lag p99 (rate modes; not judged when sends waited for a concurrency cap)</td>
 *     <td>{@value #SCHEDULE_LAG_P99_SUSPECT_MILLIS} ms</td><td>{@value #SCHEDULE_LAG_P99_OVERLOADED_MILLIS} ms</td></tr>
 * </table>
 * Why these: a loop lag of 1 ms at p99 is already a tenth of the token gap of a fast decoder
 * (10 ms), so ITL and TPOT tails carry a visible harness share; at 10 ms the harness's delay
 * equals that gap, ITL/TPOT p99 may be off by 100% and TTFT tails by a fast prefill's whole
 * length, so the tails are the harness's, not the endpoint's. Above 85% of its cores the process
 * has little headroom for bursts and its wake-ups start to queue; above 95% it is saturated and
 * throughputs may be the harness's limit. GC pauses delay every timestamp that falls in them: above
 * 1% of the time they reach the p99 of chunk timings, above 5% the p95. The schedule-lag limits
 * match {@link JobStats#LATE_SEND_THRESHOLD_MILLIS} and the loop-lag ones.
 *
 * Loop lag, CPU and GC are judged only after {@value #MIN_JUDGED_SECONDS} s and
 * {@link #MIN_JUDGED_SAMPLES} probe runs (a shorter run is OK with a reason saying it was too
 * short to judge); the schedule lag only when its p99 rests on enough requests
 * ({@link MetricStats#tooFewSamplesFor}).
 *
 * <p>A result read back from a store keeps the verdict and reasons judged when it was measured;
 * results imported from files of other tools have no health at all.
 *
 * @param verdict              the judgement
 * @param reasons              one sentence per figure past a threshold (empty when OK), naming what to distrust
 * @param probedLoops          client event loops probed; 0 when the client has none and a timer thread was probed
 * @param loopLagSamples       probe runs recorded
 * @param loopLagP50Millis     median lateness of the probe, milliseconds
 * @param loopLagP99Millis     99th percentile lateness of the probe, milliseconds
 * @param loopLagMaxMillis     largest lateness of the probe, milliseconds
 * @param cpuShare             process CPU time / (sampled time × cores), in [0, 1]; NaN when unknown
 * @param cores                the processors the JVM may use ({@link Runtime#availableProcessors()})
 * @param machineCpuShare      the whole machine's CPU use over the sampled time, in [0, 1]; NaN when unknown
 * @param gcPauses             stop-the-world collections during the sampled time
 * @param gcPauseMillis        their total pause, milliseconds
 * @param gcPauseMaxMillis     the longest of them, milliseconds (0 when none)
 * @param scheduleLagP99Millis p99 of the {@link Metric#SCHEDULE_LAG} in rate modes, milliseconds; NaN in closed-loop modes
 * @param sampledSeconds       how long the sampler ran (the measured phase), seconds
 */
public record HarnessHealth(Verdict verdict, List<String> reasons, int probedLoops, long loopLagSamples,
                            double loopLagP50Millis, double loopLagP99Millis, double loopLagMaxMillis, double cpuShare,
                            int cores, double machineCpuShare, long gcPauses, double gcPauseMillis, double gcPauseMaxMillis,
                            double scheduleLagP99Millis, double sampledSeconds) {
    /** The probe's period, milliseconds. */
    public static final double PROBE_PERIOD_MILLIS = 1.0;
    /** Loop lag p99 above this many milliseconds is suspect. */
    public static final double LOOP_LAG_P99_SUSPECT_MILLIS = 1.0;
    /** Loop lag p99 above this many milliseconds is overloaded. */
    public static final double LOOP_LAG_P99_OVERLOADED_MILLIS = 10.0;
    /** A process CPU share of the available cores above this is suspect. */
    public static final double CPU_SHARE_SUSPECT = 0.85;
    /** A process CPU share of the available cores above this is overloaded. */
    public static final double CPU_SHARE_OVERLOADED = 0.95;
    /** GC pauses taking more than this share of the sampled time are suspect. */
    public static final double GC_PAUSE_SHARE_SUSPECT = 0.01;
    /** GC pauses taking more than this share of the sampled time are overloaded. */
    public static final double GC_PAUSE_SHARE_OVERLOADED = 0.05;
    /** A single GC pause longer than this many milliseconds is suspect. */
    public static final double GC_PAUSE_MAX_SUSPECT_MILLIS = 100.0;
    /** Schedule lag p99 above this many milliseconds is suspect (rate modes). */
    public static final double SCHEDULE_LAG_P99_SUSPECT_MILLIS = 1.0;
    /** Schedule lag p99 above this many milliseconds is overloaded (rate modes). */
    public static final double SCHEDULE_LAG_P99_OVERLOADED_MILLIS = 10.0;

    /**
     * Probe runs needed before the loop lag, CPU and GC figures are judged: the loop-lag p99 must
     * rest on {@link MetricStats#MIN_SAMPLES_ABOVE_PERCENTILE} samples above it.
     */
    public static final long MIN_JUDGED_SAMPLES = Math.round(MetricStats.MIN_SAMPLES_ABOVE_PERCENTILE / 0.01);
    /** Sampled seconds needed before the loop lag, CPU and GC figures are judged. */
    public static final double MIN_JUDGED_SECONDS = 1.0;
    /** When the machine's CPU use exceeds the process's share by more than this, a reason says others shared the machine. */
    public static final double OTHER_LOAD_SHARE = 0.25;

    /** The judgement of a run's harness health. */
    public enum Verdict {
        /** Every figure within the suspect thresholds: the measurements are the endpoint's. */
        OK,
        /** Some figure past a suspect threshold: the named figures' tails may carry harness delay. */
        SUSPECT,
        /** Some figure past an overloaded threshold: the named figures measure the harness, not the endpoint. */
        OVERLOADED
    }

    public HarnessHealth {
        Objects.requireNonNull(verdict, "verdict");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (probedLoops < 0) {
            throw new IllegalArgumentException("probedLoops must be >= 0, but was " + probedLoops);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, but was " + cores);
        }
    }

    /**
     * Judges sampled figures against the thresholds of this class.
     *
     * @param scheduleLagJudged whether the schedule lag is the harness's alone (a rate mode whose
     *                          sends never waited for a concurrency cap); when false it is kept but not judged
     * @param capWaits          sends that waited for a concurrency cap (only used to explain an unjudged lag)
     */
    public static HarnessHealth assess(int probedLoops, long loopLagSamples, double loopLagP50Millis, double loopLagP99Millis,
                                       double loopLagMaxMillis, double cpuShare, int cores, double machineCpuShare,
                                       long gcPauses, double gcPauseMillis, double gcPauseMaxMillis,
                                       double scheduleLagP99Millis, boolean scheduleLagJudged, long capWaits,
                                       double sampledSeconds) {
        List<String> reasons = new ArrayList<>();
        Verdict verdict = Verdict.OK;
        boolean judged = loopLagSamples >= MIN_JUDGED_SAMPLES && sampledSeconds >= MIN_JUDGED_SECONDS;
        if (!judged) {
            reasons.add(f("sampled %.2f s (%d probe runs): too short to judge the loop lag, CPU and GC (needs %d runs "
                    + "and %.1f s)", sampledSeconds, loopLagSamples, MIN_JUDGED_SAMPLES, MIN_JUDGED_SECONDS));
        }
        String probe = probedLoops == 0 ? "harness timer-thread lag" : "client event-loop lag (" + probedLoops
                + (probedLoops == 1 ? " loop)" : " loops)");
        if (judged && loopLagP99Millis > LOOP_LAG_P99_SUSPECT_MILLIS) {
            boolean over = loopLagP99Millis > LOOP_LAG_P99_OVERLOADED_MILLIS;
            verdict = worse(verdict, over ? Verdict.OVERLOADED : Verdict.SUSPECT);
            reasons.add(f("%s p99 %.1f ms (max %.1f ms) > %s ms: responses waited up to that long before they were "
                            + "timestamped; %s", probe, loopLagP99Millis, loopLagMaxMillis,
                    num(over ? LOOP_LAG_P99_OVERLOADED_MILLIS : LOOP_LAG_P99_SUSPECT_MILLIS),
                    over ? "TTFT, ITL, TPOT and E2E measure the harness, not the endpoint"
                            : "distrust the tails (p99, max) of TTFT, ITL and TPOT"));
        }
        if (judged && cpuShare > CPU_SHARE_SUSPECT) {
            boolean over = cpuShare > CPU_SHARE_OVERLOADED;
            verdict = worse(verdict, over ? Verdict.OVERLOADED : Verdict.SUSPECT);
            reasons.add(f("process CPU %.0f%% of %d cores > %.0f%%: %s", cpuShare * 100, cores,
                    (over ? CPU_SHARE_OVERLOADED : CPU_SHARE_SUSPECT) * 100,
                    over ? "the harness was saturated; throughputs and latencies may be its limit, not the endpoint's"
                            : "little headroom left; latency tails and peak throughput may be the harness's"));
        }
        double gcShare = sampledSeconds > 0 ? gcPauseMillis / (sampledSeconds * 1000) : 0;
        if (judged && (gcShare > GC_PAUSE_SHARE_SUSPECT || gcPauseMaxMillis > GC_PAUSE_MAX_SUSPECT_MILLIS)) {
            boolean over = gcShare > GC_PAUSE_SHARE_OVERLOADED;
            verdict = worse(verdict, over ? Verdict.OVERLOADED : Verdict.SUSPECT);
            reasons.add(f("GC paused the process %.0f ms in %d pauses (%.1f%% of the run, longest %.0f ms): chunks arriving "
                            + "during a pause are timestamped late; distrust %s", gcPauseMillis, gcPauses, gcShare * 100,
                    gcPauseMaxMillis, over ? "TTFT, ITL and E2E from p95 up" : "ITL max and the p99 of TTFT and E2E"));
        }
        if (!Double.isNaN(scheduleLagP99Millis) && scheduleLagP99Millis > SCHEDULE_LAG_P99_SUSPECT_MILLIS) {
            if (scheduleLagJudged) {
                boolean over = scheduleLagP99Millis > SCHEDULE_LAG_P99_OVERLOADED_MILLIS;
                verdict = worse(verdict, over ? Verdict.OVERLOADED : Verdict.SUSPECT);
                reasons.add(f("schedule lag p99 %.1f ms > %s ms: requests left later than planned, so the offered rate was "
                                + "lower and burstier than asked; compare the *_from_scheduled metrics and the achieved rate",
                        scheduleLagP99Millis, num(over ? SCHEDULE_LAG_P99_OVERLOADED_MILLIS : SCHEDULE_LAG_P99_SUSPECT_MILLIS)));
            } else {
                reasons.add(f("schedule lag p99 %.1f ms not judged: %d sends waited for the concurrency cap, which is "
                        + "the load's limit, not the harness's", scheduleLagP99Millis, capWaits));
            }
        }
        if (verdict != Verdict.OK && !Double.isNaN(machineCpuShare) && !Double.isNaN(cpuShare)
                && machineCpuShare - cpuShare > OTHER_LOAD_SHARE) {
            reasons.add(f("the machine's CPU was %.0f%% busy, much of it other processes: the harness shared the machine",
                    machineCpuShare * 100));
        }
        return new HarnessHealth(verdict, reasons, probedLoops, loopLagSamples, loopLagP50Millis, loopLagP99Millis,
                loopLagMaxMillis, cpuShare, cores, machineCpuShare, gcPauses, gcPauseMillis, gcPauseMaxMillis,
                scheduleLagP99Millis, sampledSeconds);
    }

    /** Whether the verdict is {@link Verdict#OK}. */
    public boolean ok() {
        return verdict == Verdict.OK;
    }

    /** One line: the verdict, the headline figures and the reasons. */
    public String describe() {
        StringBuilder s = new StringBuilder(verdict.name()).append(f(": %s lag p50 %.2f / p99 %.2f / max %.1f ms, CPU %.0f%% of %d cores",
                probedLoops == 0 ? "timer" : "loop", loopLagP50Millis, loopLagP99Millis, loopLagMaxMillis, cpuShare * 100, cores));
        s.append(f(", GC %.0f ms (max %.0f ms)", gcPauseMillis, gcPauseMaxMillis));
        if (!Double.isNaN(scheduleLagP99Millis)) {
            s.append(f(", schedule lag p99 %.2f ms", scheduleLagP99Millis));
        }
        for (String r : reasons) {
            s.append("; ").append(r);
        }
        return s.toString();
    }

    private static Verdict worse(Verdict a, Verdict b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
