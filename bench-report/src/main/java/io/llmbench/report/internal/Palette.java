package io.llmbench.report.internal;

/** Colours for series: distinct, readable on white, colour-blind friendly first (Okabe–Ito). Not API. */
public final class Palette {
    private static final String[] COLORS = {
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
        "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22"};
    /** The colour of SLO threshold lines. */
    public static final String SLO = "#C0002A";

    private Palette() {
    }

    /** The i-th colour, cycling. */
    public static String color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }
}
