package io.llmbench.core.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Encoding and decoding of HdrHistograms as Base64 text (compressed V2 format). Not API. */
public final class Histograms {
    /** Significant digits kept by every llmbench histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private Histograms() {
    }

    /** A new auto-resizing histogram with llmbench's precision. */
    public static Histogram newHistogram() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /**
     * The histogram as Base64 of its compressed encoding. The encoding is canonical: equal counts
     * give equal text, however the histogram grew (auto-resizing leaves different array sizes).
     */
    public static String encode(Histogram source) {
        Histogram h = new Histogram(1, Math.max(2, source.getMaxValue()), SIGNIFICANT_DIGITS);
        h.add(source);
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[n];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes what {@link #encode} wrote. */
    public static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("histogram must be Base64 of a compressed HdrHistogram, but could not be decoded: "
                    + e.getMessage(), e);
        }
    }
}
