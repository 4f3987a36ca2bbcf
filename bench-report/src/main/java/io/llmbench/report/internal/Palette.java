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

    /** A colour blended towards white: {@code strength} 1 keeps it, 0 is white. */
    public static String shade(String hex, double strength) {
        int n = Integer.parseInt(hex.substring(1), 16);
        int r = blend((n >> 16) & 255, strength);
        int g = blend((n >> 8) & 255, strength);
        int b = blend(n & 255, strength);
        return String.format(java.util.Locale.ROOT, "#%02X%02X%02X", r, g, b);
    }

    private static int blend(int c, double strength) {
        return (int) Math.round(255 - (255 - c) * strength);
    }

    /** The i-th colour, cycling. */
    public static String color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }
}
