package io.pgtide.operator.connection;

import io.pgtide.api.SslMode;

import java.util.Locale;

/** libpq's spelling of an {@link SslMode}, as PgJDBC's sslmode parameter and the runner expect it. */
public final class SslModes {
    private SslModes() {
    }

    public static String libpqName(SslMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
