package io.pgtide.runner.progress;

/** Rate and ETA arithmetic shared by the progress displays. */
final class Rates {
    private Rates() {
    }

    static double rowsPerSecond(long rows, long elapsedMillis) {
        return elapsedMillis <= 0 ? 0 : rows * 1000.0 / elapsedMillis;
    }

    /** Seconds left at the current rate, or -1 when unknown. */
    static long etaSeconds(long done, long estimated, double rate) {
        if (estimated <= 0 || rate <= 0 || done >= estimated) {
            return done >= estimated && estimated > 0 ? 0 : -1;
        }
        return (long) Math.ceil((estimated - done) / rate);
    }

    static int percent(long done, long estimated) {
        if (estimated <= 0) {
            return -1;
        }
        return (int) Math.min(100, done * 100 / estimated);
    }

    static String duration(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format("%02d", seconds % 3600 / 60) + "m";
    }
}
